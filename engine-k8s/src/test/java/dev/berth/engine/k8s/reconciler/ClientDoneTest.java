package dev.berth.engine.k8s.reconciler;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.engine.k8s.session.ExecRunner;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

/** When a client pod stops counting as a user of the services it binds. */
class ClientDoneTest {

    private static Pod pod(String phase, String exitCode) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName("exec-x").endMetadata()
                .withNewStatus().withPhase(phase).endStatus();
        if (exitCode != null) {
            pod.editMetadata().addToAnnotations(ExecRunner.EXIT_CODE_ANNOTATION, exitCode).endMetadata();
        }
        return pod.build();
    }

    @Test
    void aRunningClientIsAUser() {
        assertFalse(ServiceInstanceReconciler.hasTerminated(pod("Running", null)));
        assertFalse(ServiceInstanceReconciler.hasTerminated(pod("Pending", null)));
    }

    @Test
    void anEndedClientIsNot() {
        assertTrue(ServiceInstanceReconciler.hasTerminated(pod("Succeeded", null)));
        assertTrue(ServiceInstanceReconciler.hasTerminated(pod("Failed", null)));
    }

    @Test
    void aClientWhoseRunnerReportedTheEndIsNotAUserEvenWhileItsPodRuns() {
        assertTrue(ServiceInstanceReconciler.hasTerminated(pod("Running", "0")));
        assertTrue(ServiceInstanceReconciler.hasTerminated(pod("Running", "1")));
    }
}
