package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A Berth session is a namespace: deleting it must take every pod in it along. */
class NamespaceDeletionIT {

    private static E2eCluster cluster;

    @BeforeAll
    static void connect() {
        cluster = E2eCluster.connect();
    }

    @AfterAll
    static void cleanUp() {
        if (cluster != null) {
            cluster.close(); // no-op for the namespace if the test already deleted it
        }
    }

    @Test
    void deletingNamespaceRemovesItsPods() {
        String namespace = cluster.createNamespace("berth-e2e-del");
        List<String> pods = List.of("sleeper-1", "sleeper-2");
        for (String pod : pods) {
            cluster.createSleeper(namespace, pod);
        }
        for (String pod : pods) {
            cluster.waitForPodReady(namespace, pod, E2eCluster.POD_READY_TIMEOUT);
        }

        cluster.deleteNamespaceAndWait(namespace, E2eCluster.NAMESPACE_GONE_TIMEOUT);

        for (String pod : pods) {
            assertNull(cluster.pod(namespace, pod), () -> "pod " + pod + " survived its namespace");
        }
        assertTrue(cluster.client().pods().inNamespace(namespace).list().getItems().isEmpty(),
                "pods still listed in deleted namespace " + namespace);
    }
}
