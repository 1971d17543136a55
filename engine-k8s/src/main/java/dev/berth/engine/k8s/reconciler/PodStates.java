package dev.berth.engine.k8s.reconciler;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Reading pod status: finished or not, exit codes, hopeless waits, a one-line summary. */
public final class PodStates {

    /**
     * Waiting reasons that will not resolve by waiting. Failed pulls are not among them: the
     * kubelet retries those, and {@link ImagePulls} gives them a deadline.
     */
    public static final Set<String> HOPELESS_WAITING_REASONS = Set.of("ErrImageNeverPull", "InvalidImageName",
            "CreateContainerConfigError", "CreateContainerError", "RunContainerError");

    private PodStates() {
    }

    public static boolean finished(Pod pod) {
        String phase = phase(pod);
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    public static String phase(Pod pod) {
        return pod == null || pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    /** Exit code of the named container, once it terminated. */
    public static Optional<Integer> exitCode(Pod pod, String container) {
        return statuses(pod).stream().filter(s -> container.equals(s.getName()))
                .filter(s -> s.getState() != null && s.getState().getTerminated() != null)
                .map(s -> s.getState().getTerminated().getExitCode()).findFirst();
    }

    /** The named container is running now. */
    public static boolean running(Pod pod, String container) {
        return statuses(pod).stream().anyMatch(s -> container.equals(s.getName()) && s.getState() != null
                && s.getState().getRunning() != null);
    }

    /** A container that waits for something that will not come. */
    public static Optional<String> hopelessWait(Pod pod) {
        return statuses(pod).stream()
                .filter(s -> s.getState() != null && s.getState().getWaiting() != null
                        && HOPELESS_WAITING_REASONS.contains(s.getState().getWaiting().getReason()))
                .map(s -> s.getName() + ": " + s.getState().getWaiting().getReason() + ": "
                        + s.getState().getWaiting().getMessage())
                .findFirst();
    }

    public static String summary(Pod pod) {
        if (pod == null) {
            return "<absent>";
        }
        if (pod.getStatus() == null) {
            return "<no status>";
        }
        String conditions = pod.getStatus().getConditions() == null ? "" : pod.getStatus().getConditions().stream()
                .map(c -> c.getType() + "=" + c.getStatus()).collect(Collectors.joining(","));
        String containers = statuses(pod).stream().map(PodStates::containerSummary).collect(Collectors.joining("; "));
        return "phase=" + pod.getStatus().getPhase() + " conditions[" + conditions + "] podIP="
                + pod.getStatus().getPodIP() + " containers[" + containers + "]";
    }

    private static List<ContainerStatus> statuses(Pod pod) {
        List<ContainerStatus> out = new ArrayList<>();
        if (pod == null || pod.getStatus() == null) {
            return out;
        }
        if (pod.getStatus().getInitContainerStatuses() != null) {
            out.addAll(pod.getStatus().getInitContainerStatuses());
        }
        if (pod.getStatus().getContainerStatuses() != null) {
            out.addAll(pod.getStatus().getContainerStatuses());
        }
        return out;
    }

    private static String containerSummary(ContainerStatus s) {
        String state = "?";
        if (s.getState() != null) {
            if (s.getState().getRunning() != null) {
                state = "running";
            } else if (s.getState().getWaiting() != null) {
                state = "waiting(" + s.getState().getWaiting().getReason() + ": "
                        + s.getState().getWaiting().getMessage() + ")";
            } else if (s.getState().getTerminated() != null) {
                state = "terminated(exit " + s.getState().getTerminated().getExitCode() + ", "
                        + s.getState().getTerminated().getReason() + ")";
            }
        }
        return s.getName() + " " + state + " ready=" + s.getReady() + " restarts=" + s.getRestartCount();
    }
}
