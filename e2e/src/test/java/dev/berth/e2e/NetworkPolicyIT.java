package dev.berth.e2e;

import static dev.berth.e2e.E2eCluster.GREETING;
import static dev.berth.e2e.E2eCluster.HTTP_PORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Berth isolates sessions with a NetworkPolicy admitting ingress only from the same namespace.
 * This checks that the cluster enforces exactly that: same namespace in, other namespace out.
 */
class NetworkPolicyIT {

    private static final Map<String, String> SERVER_LABELS = Map.of("app", "www");
    /** kube-router programs policies asynchronously; allow it this long to take effect. */
    private static final Duration ENFORCEMENT_TIMEOUT = Duration.ofSeconds(90);

    private static E2eCluster cluster;
    private static String namespaceA;
    private static String namespaceB;
    private static String clusterIp;

    @BeforeAll
    static void startServer() {
        cluster = E2eCluster.connect();
        namespaceA = cluster.createNamespace("berth-e2e-np-a");
        namespaceB = cluster.createNamespace("berth-e2e-np-b");
        cluster.createHttpServer(namespaceA, "www-server", SERVER_LABELS);
        clusterIp = cluster.createService(namespaceA, "www", SERVER_LABELS, HTTP_PORT).getSpec().getClusterIP();
        cluster.waitForPodReady(namespaceA, "www-server", E2eCluster.POD_READY_TIMEOUT);
    }

    @AfterAll
    static void cleanUp() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void policyAdmitsSameNamespaceAndRejectsOthers() {
        // Control: without a policy namespace B reaches A, so a later failure is the policy's doing.
        // The ClusterIP is used from B so that DNS can never be the reason for a failure.
        String urlFromB = "http://" + clusterIp + ":" + HTTP_PORT + "/index.html";
        assertFetchSucceeds(namespaceB, "b-control", urlFromB);

        cluster.client().network().v1().networkPolicies().inNamespace(namespaceA).resource(new NetworkPolicyBuilder()
                .withNewMetadata().withName("same-namespace-only").endMetadata()
                .withNewSpec()
                .withNewPodSelector().endPodSelector()
                .addToPolicyTypes("Ingress")
                .addNewIngress().addNewFrom().withNewPodSelector().endPodSelector().endFrom().endIngress()
                .endSpec()
                .build()).create();

        assertFetchSucceeds(namespaceA, "a-client", "http://www:" + HTTP_PORT + "/index.html");
        assertFetchBlocked(namespaceB, urlFromB);
    }

    private void assertFetchSucceeds(String namespace, String pod, String url) {
        cluster.createShellPod(namespace, pod, E2eCluster.wgetWithRetries(url));
        String phase = cluster.waitForCompletion(namespace, pod);
        String log = cluster.logs(namespace, pod);
        assertEquals("Succeeded", phase, () -> pod + " in " + namespace + " could not fetch " + url + "; log:\n"
                + log + "\n" + cluster.describeNamespace(namespace) + cluster.describeNamespace(namespaceA));
        assertTrue(log.contains(GREETING), () -> pod + " log lacks the greeting:\n" + log);
    }

    /** Retries with fresh pods until one is refused, because enforcement may lag a few seconds. */
    private void assertFetchBlocked(String namespace, String url) {
        Instant deadline = Instant.now().plus(ENFORCEMENT_TIMEOUT);
        StringBuilder attempts = new StringBuilder();
        for (int attempt = 1; ; attempt++) {
            String name = "b-client-" + attempt;
            cluster.createShellPod(namespace, name, "wget -q -T 5 -O- '" + url + "'");
            String phase = cluster.waitForCompletion(namespace, name);
            Pod pod = cluster.pod(namespace, name);
            String log = cluster.logs(namespace, name);
            if ("Failed".equals(phase)) {
                Integer exit = E2eCluster.exitCode(pod);
                assertTrue(exit != null && exit != 0, () -> "blocked client should exit non-zero: " + E2eCluster.summary(pod));
                assertTrue(!log.contains(GREETING), () -> "blocked client still got the page:\n" + log);
                return;
            }
            attempts.append("attempt ").append(attempt).append(": ").append(phase).append(", log: ")
                    .append(log.strip()).append('\n');
            if (Instant.now().isAfter(deadline)) {
                fail("A pod in namespace " + namespace + " still reached " + url + " in namespace " + namespaceA
                        + " " + ENFORCEMENT_TIMEOUT.toSeconds() + " s after the NetworkPolicy was created:\n"
                        + attempts);
            }
            E2eCluster.sleep(Duration.ofSeconds(3));
        }
    }
}
