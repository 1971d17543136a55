package dev.berth.e2e.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * API sessions live in the operator's memory: when it crashes, their tokens die with it and
 * nobody can close them. Their namespaces carry the holder (pod and boot), and the operator that
 * comes next deletes those whose holder is gone, and only those.
 */
class ApiSessionRecoveryIT {

    /** The pod name the operator processes here claim: no such pod, so only the boot differs. */
    private static final String POD = "berth-e2e-operator";
    private static final Map<String, String> AS_POD = Map.of("BERTH_OPERATOR_POD_NAME", POD,
            "BERTH_API_ORPHANED_SESSION_SWEEP_SECONDS", "3");

    private final KubernetesClient client = new KubernetesClientBuilder().build();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String heldByGonePod = "berth-e2e-gone-" + suffix;
    private final String heldByLivePod = "berth-e2e-live-" + suffix;

    @Test
    void sessionsOfACrashedOperatorAreDeletedByTheNextAndOnlyThose() throws Exception {
        String orphaned;
        BerthApiProcess first = BerthApiProcess.start(AS_POD);
        try {
            orphaned = openSession(first);
            Map<String, String> labels = client.namespaces().withName(orphaned).get().getMetadata().getLabels();
            assertEquals(POD, labels.get("berth.dev/api-holder"), labels.toString());
        } catch (Exception | Error e) {
            first.close();
            throw e;
        }
        first.crash();
        assertTrue(exists(orphaned), "a crashed operator cannot close its sessions");

        // Sessions of other holders: one whose pod is gone, one whose pod runs (a CoreDNS pod).
        String livePod = client.pods().inNamespace("kube-system").list().getItems().get(0).getMetadata().getName();
        createHeldNamespace(heldByGonePod, "no-such-pod-" + suffix, "kube-system");
        createHeldNamespace(heldByLivePod, livePod, "kube-system");

        try (BerthApiProcess second = BerthApiProcess.start(AS_POD)) {
            String own = openSession(second);
            await("the crashed operator's session namespace to be deleted", () -> !exists(orphaned));
            await("the namespace of a session whose pod is gone to be deleted", () -> !exists(heldByGonePod));
            Thread.sleep(Duration.ofSeconds(8).toMillis()); // two more sweeps
            assertTrue(exists(own), "the running operator's own session is kept");
            assertTrue(exists(heldByLivePod), "a session held by a running pod is kept");
        }
    }

    @AfterEach
    void deleteTestNamespaces() {
        client.namespaces().withName(heldByGonePod).delete();
        client.namespaces().withName(heldByLivePod).delete();
        client.close();
    }

    private static String openSession(BerthApiProcess api) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(api.baseUrl() + "/sessions"))
                        .header("Authorization", "Bearer " + api.bootstrapToken())
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        JsonNode body = new ObjectMapper().readTree(response.body());
        return body.get("namespace").asText();
    }

    private void createHeldNamespace(String name, String pod, String podNamespace) {
        Namespace namespace = new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels("app.kubernetes.io/managed-by", "berth")
                .addToLabels("berth.dev/session", name)
                .addToLabels("berth.dev/api-holder", pod)
                .addToLabels("berth.dev/api-holder-namespace", podNamespace)
                .addToLabels("berth.dev/api-holder-boot", "an-earlier-boot")
                .endMetadata().build();
        client.namespaces().resource(namespace).create();
    }

    /** Present and not being deleted. */
    private boolean exists(String namespace) {
        Namespace ns = client.namespaces().withName(namespace).get();
        return ns != null && ns.getMetadata().getDeletionTimestamp() == null;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(500);
        }
        fail("timed out waiting for " + what);
    }
}
