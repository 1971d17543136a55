package dev.berth.engine.k8s.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.engine.k8s.crd.InstancePhase;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodObservationTest {

    private static Pod pod(String phase, boolean ready, List<ContainerStatus> init, List<ContainerStatus> main) {
        return new PodBuilder().withNewMetadata().withName("b1").endMetadata()
                .withNewStatus().withPhase(phase)
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .withInitContainerStatuses(init).withContainerStatuses(main)
                .endStatus().build();
    }

    private static ContainerStatus running(String name) {
        return new ContainerStatusBuilder().withName(name).withNewState().withNewRunning().endRunning().endState().build();
    }

    private static ContainerStatus terminated(String name, int code) {
        return new ContainerStatusBuilder().withName(name).withNewState().withNewTerminated().withExitCode(code)
                .endTerminated().endState().build();
    }

    private static ContainerStatus waiting(String name, String reason) {
        return new ContainerStatusBuilder().withName(name).withNewState().withNewWaiting().withReason(reason)
                .withMessage("details").endWaiting().endState().build();
    }

    @Test
    void absentPodIsStarting() {
        assertEquals(InstancePhase.STARTING, PodObservation.of(null).phase());
    }

    @Test
    void readyPodIsReady() {
        assertEquals(InstancePhase.READY, PodObservation.of(pod("Running", true, List.of(), List.of(running("main")))).phase());
    }

    @Test
    void runningButNotReadyIsStarting() {
        assertEquals(InstancePhase.STARTING,
                PodObservation.of(pod("Running", false, List.of(), List.of(running("main")))).phase());
    }

    @Test
    void terminatedMainContainerIsExitedWithItsCode() {
        PodObservation o = PodObservation.of(pod("Failed", false, List.of(), List.of(terminated("main", 42))));
        assertEquals(InstancePhase.EXITED, o.phase());
        assertEquals(Optional.of(42), o.exitCode());
        assertTrue(o.message().contains("42"), o.message());
    }

    @Test
    void missingImageFailsInsteadOfWaitingForever() {
        PodObservation o = PodObservation.of(pod("Pending", false, List.of(), List.of(waiting("main", "ErrImageNeverPull"))));
        assertEquals(InstancePhase.FAILED, o.phase());
        assertTrue(o.message().contains("ErrImageNeverPull"), o.message());
    }

    @Test
    void failedRunnerInstallFails() {
        PodObservation o = PodObservation.of(pod("Failed", false, List.of(terminated("install-runner", 2)),
                List.of(waiting("main", "PodInitializing"))));
        assertEquals(InstancePhase.FAILED, o.phase());
    }
}
