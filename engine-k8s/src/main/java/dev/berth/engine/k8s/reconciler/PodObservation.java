package dev.berth.engine.k8s.reconciler;

import dev.berth.engine.k8s.crd.InstancePhase;
import dev.berth.engine.k8s.render.PodRenderer;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a service pod's status says about the instance: its phase, a human message, the exit
 * code once the service exited, and when to look again if the observation may change with no
 * event from the pod (a failing image pull reaching its deadline). Pure, so the rules are
 * unit-tested.
 */
public record PodObservation(InstancePhase phase, String message, Optional<Integer> exitCode,
        Optional<Duration> recheckIn) {

    /**
     * @param pullDeadline how long image pulls may keep failing, counted from when they began
     * @param now          the time to judge the deadline at
     */
    public static PodObservation of(Pod pod, Duration pullDeadline, Instant now) {
        if (pod == null) {
            return starting("waiting for the pod to be created");
        }
        if (pod.getStatus() == null) {
            return starting("waiting for the pod to be scheduled");
        }
        Optional<ContainerStatus> main = statuses(pod, false).stream()
                .filter(s -> PodRenderer.MAIN_CONTAINER.equals(s.getName())).findFirst();
        if (main.isPresent() && main.get().getState() != null && main.get().getState().getTerminated() != null) {
            int code = main.get().getState().getTerminated().getExitCode();
            return new PodObservation(InstancePhase.EXITED, "service exited with code " + code, Optional.of(code),
                    Optional.empty());
        }
        for (ContainerStatus status : statuses(pod, true)) {
            if (status.getState() == null) {
                continue;
            }
            if (status.getState().getWaiting() != null
                    && PodStates.HOPELESS_WAITING_REASONS.contains(status.getState().getWaiting().getReason())) {
                return failed(status.getName() + ": " + status.getState().getWaiting().getReason() + ": "
                        + status.getState().getWaiting().getMessage());
            }
            if (status.getState().getTerminated() != null && status.getState().getTerminated().getExitCode() != 0
                    && PodRenderer.RUNNER_INIT_CONTAINER.equals(status.getName())) {
                return failed("installing berth-runner failed with code "
                        + status.getState().getTerminated().getExitCode());
            }
        }
        Optional<ImagePulls.Stall> stall = ImagePulls.stall(pod, pullDeadline, now);
        if (stall.isPresent()) {
            return stall.get().overdue() ? failed(stall.get().failure())
                    : new PodObservation(InstancePhase.STARTING, stall.get().retrying(), Optional.empty(),
                            Optional.of(stall.get().left()));
        }
        String podPhase = pod.getStatus().getPhase();
        if ("Failed".equals(podPhase) || "Succeeded".equals(podPhase)) {
            return failed("pod " + podPhase + ": " + pod.getStatus().getReason() + " " + pod.getStatus().getMessage());
        }
        if (isReady(pod)) {
            return ready();
        }
        return starting("pod " + podPhase + ", waiting for the health-checked ports to accept connections");
    }

    /** Whoever saw it first: the kubelet's probe or the operator's own dial. */
    public static PodObservation ready() {
        return new PodObservation(InstancePhase.READY, "every health-checked port accepts connections",
                Optional.empty(), Optional.empty());
    }

    public static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Main containers, and init containers too when {@code withInit}. */
    static List<ContainerStatus> statuses(Pod pod, boolean withInit) {
        List<ContainerStatus> out = new ArrayList<>();
        if (withInit && pod.getStatus().getInitContainerStatuses() != null) {
            out.addAll(pod.getStatus().getInitContainerStatuses());
        }
        if (pod.getStatus().getContainerStatuses() != null) {
            out.addAll(pod.getStatus().getContainerStatuses());
        }
        return out;
    }

    private static PodObservation starting(String message) {
        return new PodObservation(InstancePhase.STARTING, message, Optional.empty(), Optional.empty());
    }

    private static PodObservation failed(String message) {
        return new PodObservation(InstancePhase.FAILED, message, Optional.empty(), Optional.empty());
    }
}
