package dev.berth.engine.k8s.reconciler;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Image pulls that fail. Pods pull {@code IfNotPresent}, and a registry that is briefly down or
 * slow answers {@code ErrImagePull}, then {@code ImagePullBackOff} while the kubelet waits to
 * retry (10 s, 20 s, 40 s ... up to 5 min): that is worth waiting for, but not forever. Pure, so
 * the rule is unit-tested; the exec runner and the ServiceInstance reconciler both apply it.
 */
public final class ImagePulls {

    /** Waiting reasons of a pull that failed and will be retried. */
    public static final Set<String> RETRIED_PULL_REASONS = Set.of("ErrImagePull", "ImagePullBackOff");

    private ImagePulls() {
    }

    /**
     * A container whose image could not be pulled yet.
     *
     * @param image   the image as the pod names it
     * @param reason  the kubelet's waiting reason ({@code ErrImagePull} or {@code ImagePullBackOff})
     * @param message the kubelet's message: the registry's error
     * @param since   when pulling began: the pod was scheduled (init containers) or initialized
     * @param left    time until the deadline; zero or less once it has passed
     */
    public record Stall(String container, String image, String reason, String message, Instant since,
            Duration deadline, Duration left) {

        public boolean overdue() {
            return left.isZero() || left.isNegative();
        }

        /** What the exec or service fails with once {@link #overdue()}. */
        public String failure() {
            return "image \"" + image + "\" could not be pulled within " + deadline.toSeconds() + "s: " + reason
                    + ": " + message;
        }

        /** What a service's status says while the kubelet retries. */
        public String retrying() {
            return "image \"" + image + "\" not pulled yet (" + reason + ": " + message + "); retrying for up to "
                    + Math.max(0, left.toSeconds()) + "s more";
        }
    }

    /** The first container of {@code pod} whose image pull failed, if any, judged at {@code now}. */
    public static Optional<Stall> stall(Pod pod, Duration deadline, Instant now) {
        if (pod == null || pod.getStatus() == null) {
            return Optional.empty();
        }
        for (ContainerStatus status : PodObservation.statuses(pod, true)) {
            if (status.getState() == null || status.getState().getWaiting() == null
                    || !RETRIED_PULL_REASONS.contains(status.getState().getWaiting().getReason())) {
                continue;
            }
            boolean init = isInit(pod, status.getName());
            Instant since = pullStart(pod, init).orElse(now);
            Duration left = deadline.isZero() ? Duration.ZERO
                    : deadline.plus(TIMESTAMP_PRECISION).minus(Duration.between(since, now));
            return Optional.of(new Stall(status.getName(), image(pod, status), status.getState().getWaiting().getReason(),
                    status.getState().getWaiting().getMessage(), since, deadline, left));
        }
        return Optional.empty();
    }

    /**
     * Init containers' images are pulled once the pod is scheduled, the others' once the init
     * containers are done; the pod's creation is the fallback (an exec pod may sit behind a
     * scheduling gate while its services start, so creation alone would be too early).
     */
    private static Optional<Instant> pullStart(Pod pod, boolean init) {
        Optional<Instant> scheduled = conditionTime(pod, "PodScheduled");
        Optional<Instant> initialized = init ? Optional.empty() : conditionTime(pod, "Initialized");
        return initialized.or(() -> scheduled).or(() -> parse(pod.getMetadata() == null ? null
                : pod.getMetadata().getCreationTimestamp()));
    }

    /**
     * Kubernetes' timestamps are whole seconds: the pull began within the second after. Counting
     * from the end of that second never fails a pull before its deadline (a zero deadline stays
     * "fail at the first error").
     */
    static final Duration TIMESTAMP_PRECISION = Duration.ofSeconds(1);

    private static Optional<Instant> conditionTime(Pod pod, String type) {
        List<PodCondition> conditions = pod.getStatus().getConditions();
        if (conditions == null) {
            return Optional.empty();
        }
        return conditions.stream().filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst().flatMap(c -> parse(c.getLastTransitionTime()));
    }

    private static Optional<Instant> parse(String timestamp) {
        if (timestamp == null || timestamp.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(timestamp));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** From the pod's spec (the status's image field may be empty before a pull succeeded). */
    private static String image(Pod pod, ContainerStatus status) {
        return specContainers(pod).filter(c -> status.getName().equals(c.getName())).map(Container::getImage)
                .findFirst().orElse(status.getImage());
    }

    private static boolean isInit(Pod pod, String container) {
        return pod.getSpec() != null && pod.getSpec().getInitContainers() != null
                && pod.getSpec().getInitContainers().stream().anyMatch(c -> container.equals(c.getName()));
    }

    private static Stream<Container> specContainers(Pod pod) {
        if (pod.getSpec() == null) {
            return Stream.empty();
        }
        List<Container> out = new ArrayList<>();
        if (pod.getSpec().getInitContainers() != null) {
            out.addAll(pod.getSpec().getInitContainers());
        }
        if (pod.getSpec().getContainers() != null) {
            out.addAll(pod.getSpec().getContainers());
        }
        return out.stream();
    }
}
