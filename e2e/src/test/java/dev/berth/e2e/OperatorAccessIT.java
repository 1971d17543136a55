package dev.berth.e2e;

import static dev.berth.e2e.E2eCluster.GREETING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.engine.k8s.KubernetesEngine;
import dev.berth.engine.k8s.Session;
import dev.berth.engine.k8s.crd.ServiceInstance;
import dev.berth.engine.k8s.render.Labels;
import dev.berth.engine.model.Service;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A session's NetworkPolicy admits the operator: pods labelled {@code berth.dev/operator=true}
 * (as the chart labels the operator's) in the operator's namespace reach the session's services;
 * the same label on a pod in any other namespace admits nothing.
 */
class OperatorAccessIT extends EngineTestBase {

    private static final Map<String, String> OPERATOR_POD = Map.of(Labels.OPERATOR, "true");

    private final List<String> namespaces = new ArrayList<>();
    private Session session;

    @AfterEach
    void cleanUp() {
        if (Boolean.parseBoolean(System.getenv("BERTH_E2E_KEEP_NAMESPACES"))) {
            return;
        }
        if (session != null) {
            session.close();
        }
        namespaces.forEach(n -> berth.cluster().deleteNamespaceAndWait(n, E2eCluster.NAMESPACE_GONE_TIMEOUT));
    }

    @Test
    void operatorPodsReachSessionServicesAndTheSameLabelElsewhereDoesNot() {
        E2eCluster cluster = berth.cluster();
        String operatorNamespace = namespace(cluster.createNamespace("berth-e2e-operator"));
        String otherNamespace = namespace(cluster.createNamespace("berth-e2e-elsewhere"));
        // The engine as the operator runs it in a cluster: it knows its own namespace.
        KubernetesEngine engine = new KubernetesEngine(client(),
                BerthTestOperator.config().withOperatorNamespace(Optional.of(operatorNamespace)));
        session = engine.openSession();
        Service www = Seeds.httpService();
        session.start(www);
        ServiceInstance instance = instance(session, www.hostname());
        String clusterIp = instance.getStatus().getClusterIP();
        assertNotNull(clusterIp, () -> "no cluster IP for " + www.hostname() + "\n" + describe(session));
        // By address, so that DNS can never be the reason for a failure.
        String url = "http://" + clusterIp + ":8080/index.html";

        cluster.createShellPod(operatorNamespace, "operator", E2eCluster.wgetWithRetries(url), OPERATOR_POD);
        String phase = cluster.waitForCompletion(operatorNamespace, "operator");
        String log = cluster.logs(operatorNamespace, "operator");
        assertEquals("Succeeded", phase, () -> "a pod labelled " + OPERATOR_POD + " in the operator's namespace "
                + operatorNamespace + " could not reach " + url + "; log:\n" + log + "\n"
                + cluster.describeNamespace(operatorNamespace) + describe(session) + policy());
        assertTrue(log.contains(GREETING), () -> "operator pod's log lacks the greeting:\n" + log);

        // The policy is in force before this pod exists: a single refused attempt is the answer.
        cluster.createShellPod(otherNamespace, "impostor", "wget -q -T 5 -O- '" + url + "'", OPERATOR_POD);
        String otherPhase = cluster.waitForCompletion(otherNamespace, "impostor");
        Pod impostor = cluster.pod(otherNamespace, "impostor");
        String otherLog = cluster.logs(otherNamespace, "impostor");
        assertEquals("Failed", otherPhase, () -> "a pod labelled " + OPERATOR_POD + " in " + otherNamespace
                + ", not the operator's namespace, reached " + url + "; log:\n" + otherLog + policy());
        Integer exit = E2eCluster.exitCode(impostor);
        assertTrue(exit != null && exit != 0, () -> "the refused wget should exit non-zero: "
                + E2eCluster.summary(impostor));
        assertTrue(!otherLog.contains(GREETING), () -> "the refused pod still got the page:\n" + otherLog);
    }

    private String namespace(String name) {
        namespaces.add(name);
        return name;
    }

    private String policy() {
        return "\npolicy: " + client().network().v1().networkPolicies().inNamespace(session.namespace()).list()
                .getItems().stream().map(p -> String.valueOf(p.getSpec())).toList();
    }
}
