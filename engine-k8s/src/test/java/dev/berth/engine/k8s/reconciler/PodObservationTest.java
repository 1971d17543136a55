package dev.berth.engine.k8s.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.engine.k8s.crd.InstancePhase;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodObservationTest {

    private static final Instant SCHEDULED = Instant.parse("2026-01-02T03:04:05Z");
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    private static Pod pod(String phase, boolean ready, List<ContainerStatus> init, List<ContainerStatus> main) {
        return new PodBuilder().withNewMetadata().withName("b1").endMetadata()
                .withNewSpec()
                .addNewInitContainer().withName("install-runner").withImage("berth.local/runner:0.1.0").endInitContainer()
                .addNewContainer().withName("main").withImage("nosuch:1").endContainer()
                .endSpec()
                .withNewStatus().withPhase(phase)
                .addNewCondition().withType("PodScheduled").withStatus("True")
                .withLastTransitionTime(SCHEDULED.toString()).endCondition()
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .withInitContainerStatuses(init).withContainerStatuses(main)
                .endStatus().build();
    }

    private static Pod initializedAt(Pod pod, Instant when) {
        return new PodBuilder(pod).editStatus().addNewCondition().withType("Initialized").withStatus("True")
                .withLastTransitionTime(when.toString()).endCondition().endStatus().build();
    }

    private static ContainerStatus running(String name) {
        return new ContainerStatusBuilder().withName(name).withNewState().withNewRunning().endRunning().endState().build();
    }

    private static ContainerStatus terminated(String name, int code) {
        return new ContainerStatusBuilder().withName(name).withNewState().withNewTerminated().withExitCode(code)
                .endTerminated().endState().build();
    }

    private static ContainerStatus waiting(String name, String reason) {
        return waiting(name, reason, "details");
    }

    private static ContainerStatus waiting(String name, String reason, String message) {
        return new ContainerStatusBuilder().withName(name).withNewState().withNewWaiting().withReason(reason)
                .withMessage(message).endWaiting().endState().build();
    }

    private static PodObservation observe(Pod pod, Instant now) {
        return PodObservation.of(pod, DEADLINE, now);
    }

    private static PodObservation observe(Pod pod) {
        return observe(pod, SCHEDULED.plusSeconds(5));
    }

    @Test
    void absentPodIsStarting() {
        assertEquals(InstancePhase.STARTING, observe(null).phase());
    }

    @Test
    void readyPodIsReady() {
        assertEquals(InstancePhase.READY, observe(pod("Running", true, List.of(), List.of(running("main")))).phase());
    }

    @Test
    void runningButNotReadyIsStarting() {
        assertEquals(InstancePhase.STARTING,
                observe(pod("Running", false, List.of(), List.of(running("main")))).phase());
    }

    @Test
    void terminatedMainContainerIsExitedWithItsCode() {
        PodObservation o = observe(pod("Failed", false, List.of(), List.of(terminated("main", 42))));
        assertEquals(InstancePhase.EXITED, o.phase());
        assertEquals(Optional.of(42), o.exitCode());
        assertTrue(o.message().contains("42"), o.message());
    }

    @Test
    void imageThatMayNeverBePulledFailsInsteadOfWaitingForever() {
        PodObservation o = observe(pod("Pending", false, List.of(), List.of(waiting("main", "ErrImageNeverPull"))));
        assertEquals(InstancePhase.FAILED, o.phase());
        assertTrue(o.message().contains("ErrImageNeverPull"), o.message());
    }

    @Test
    void failedPullIsRetriedUntilTheDeadlineAndLooksAgainThen() {
        for (String reason : List.of("ErrImagePull", "ImagePullBackOff")) {
            Pod pod = initializedAt(pod("Pending", false, List.of(terminated("install-runner", 0)),
                    List.of(waiting("main", reason, "registry unavailable"))), SCHEDULED.plusSeconds(2));
            PodObservation o = observe(pod, SCHEDULED.plusSeconds(32));
            assertEquals(InstancePhase.STARTING, o.phase(), reason);
            assertTrue(o.message().contains("\"nosuch:1\"") && o.message().contains(reason), o.message());
            assertEquals(Optional.of(Duration.ofSeconds(91)), o.recheckIn(),
                    "looks again when the deadline passes (counted from the end of the timestamp's second)");
        }
    }

    @Test
    void failedPullPastTheDeadlineFailsNamingTheImageAndTheKubeletsReason() {
        Pod pod = initializedAt(pod("Pending", false, List.of(terminated("install-runner", 0)),
                List.of(waiting("main", "ImagePullBackOff", "Back-off pulling image \"nosuch:1\": not found"))),
                SCHEDULED);
        assertEquals(InstancePhase.STARTING, observe(pod, SCHEDULED.plus(DEADLINE)).phase(),
                "the timestamp is whole seconds: the pull may have begun up to 1 s later, so not yet");
        PodObservation o = observe(pod, SCHEDULED.plus(DEADLINE).plusSeconds(1));
        assertEquals(InstancePhase.FAILED, o.phase());
        assertEquals("image \"nosuch:1\" could not be pulled within 120s: ImagePullBackOff: "
                + "Back-off pulling image \"nosuch:1\": not found", o.message());
        assertEquals(Optional.empty(), o.recheckIn());
    }

    @Test
    void theMainImagesDeadlineCountsFromWhenTheInitContainersAreDone() {
        // The runner's init container took 100 s: the main image's pull only began then.
        Pod pod = initializedAt(pod("Pending", false, List.of(terminated("install-runner", 0)),
                List.of(waiting("main", "ErrImagePull"))), SCHEDULED.plusSeconds(100));
        assertEquals(InstancePhase.STARTING, observe(pod, SCHEDULED.plusSeconds(150)).phase());
        assertEquals(InstancePhase.FAILED, observe(pod, SCHEDULED.plusSeconds(221)).phase());
    }

    @Test
    void anInitContainersDeadlineCountsFromScheduling() {
        Pod pod = pod("Pending", false, List.of(waiting("install-runner", "ErrImagePull")),
                List.of(waiting("main", "PodInitializing")));
        assertEquals(InstancePhase.STARTING, observe(pod, SCHEDULED.plusSeconds(119)).phase());
        PodObservation o = observe(pod, SCHEDULED.plusSeconds(121));
        assertEquals(InstancePhase.FAILED, o.phase());
        assertTrue(o.message().startsWith("image \"berth.local/runner:0.1.0\" could not be pulled within 120s"),
                o.message());
    }

    @Test
    void aZeroDeadlineFailsAtTheFirstPullError() {
        Pod pod = pod("Pending", false, List.of(), List.of(waiting("main", "ErrImagePull")));
        assertEquals(InstancePhase.FAILED, PodObservation.of(pod, Duration.ZERO, SCHEDULED).phase());
    }

    @Test
    void failedRunnerInstallFails() {
        PodObservation o = observe(pod("Failed", false, List.of(terminated("install-runner", 2)),
                List.of(waiting("main", "PodInitializing"))));
        assertEquals(InstancePhase.FAILED, o.phase());
    }

    @Test
    void aPullErrorIsNoHopelessWaitForExecPodsEither() {
        Pod pod = pod("Pending", false, List.of(), List.of(waiting("main", "ImagePullBackOff")));
        assertEquals(Optional.empty(), PodStates.hopelessWait(pod));
        assertTrue(ImagePulls.stall(pod, DEADLINE, SCHEDULED.plusSeconds(10)).isPresent());
        assertTrue(ImagePulls.stall(pod, DEADLINE, SCHEDULED.plusSeconds(121)).orElseThrow().overdue());
    }
}
