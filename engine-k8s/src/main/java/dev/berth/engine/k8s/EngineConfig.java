package dev.berth.engine.k8s;

import dev.berth.engine.k8s.crd.RunnerDelivery;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the Kubernetes engine; {@link #defaults()} is what Berth uses unless told otherwise.
 *
 * @param gracePeriod        how long an unused, unpinned service instance lives on (Dagger: 10 s)
 * @param runnerImage        image holding /berth-runner, put into every pod that runs steps
 * @param probeImage         image of the idle sidecars that carry the readiness probes of a
 *                           service's second and further ports (a container has one probe only)
 * @param cacheBaseDir       node directory under which each cache volume is a subdirectory
 * @param serviceStartTimeout how long a service may take to become Ready
 * @param execTimeout        how long an exec pod may take to finish
 * @param deleteTimeout      how long to wait for pods, instances and namespaces to be gone
 * @param pollInterval       how often waits re-read the API server
 * @param imagePullDeadline  how long a pod's image pulls may keep failing ({@code ErrImagePull},
 *                           {@code ImagePullBackOff}: the kubelet retries) before the exec or
 *                           service fails; counted from when the pod was scheduled
 * @param operatorNamespace  the namespace the operator's pods run in: session namespaces admit
 *                           ingress from its pods labelled {@code berth.dev/operator=true}. Empty
 *                           when the engine runs outside the cluster (tests, a developer's JVM):
 *                           then no operator pod is admitted, as none exists
 * @param runnerDelivery     how the runner reaches pods: an image volume, or copied by an init
 *                           container (the default here; the operator picks by cluster version)
 */
public record EngineConfig(
        Duration gracePeriod,
        String runnerImage,
        String probeImage,
        String cacheBaseDir,
        Duration serviceStartTimeout,
        Duration execTimeout,
        Duration deleteTimeout,
        Duration pollInterval,
        Duration imagePullDeadline,
        Optional<String> operatorNamespace,
        RunnerDelivery runnerDelivery) {

    public static final String DEFAULT_RUNNER_IMAGE = "berth.local/runner:0.1.0";
    /** The sandbox image: every node has it, so it is never pulled. */
    public static final String DEFAULT_PROBE_IMAGE = "registry.k8s.io/pause:3.10.1";
    /**
     * Outside the cluster's own state directory on purpose: caches must survive the cluster
     * being torn down and rebuilt, like Dagger's cache survives engine restarts.
     */
    public static final String DEFAULT_CACHE_BASE_DIR = "/var/lib/berth-caches";
    /** Long enough to ride out a registry's brief outage (the kubelet retries after 10, 20, 40 s ...). */
    public static final Duration DEFAULT_IMAGE_PULL_DEADLINE = Duration.ofSeconds(120);

    /** The operator's grace-period setting (the Helm value serviceGracePeriodSeconds). */
    public static final String GRACE_PERIOD_ENV = "BERTH_SERVICE_GRACE_PERIOD_SECONDS";
    /** The operator's pull deadline setting (the Helm value imagePullDeadlineSeconds). */
    public static final String IMAGE_PULL_DEADLINE_ENV = "BERTH_IMAGE_PULL_DEADLINE_SECONDS";

    public EngineConfig {
        Objects.requireNonNull(gracePeriod, "gracePeriod");
        Objects.requireNonNull(runnerImage, "runnerImage");
        Objects.requireNonNull(probeImage, "probeImage");
        Objects.requireNonNull(cacheBaseDir, "cacheBaseDir");
        Objects.requireNonNull(serviceStartTimeout, "serviceStartTimeout");
        Objects.requireNonNull(execTimeout, "execTimeout");
        Objects.requireNonNull(deleteTimeout, "deleteTimeout");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(imagePullDeadline, "imagePullDeadline");
        Objects.requireNonNull(operatorNamespace, "operatorNamespace");
        Objects.requireNonNull(runnerDelivery, "runnerDelivery");
        if (!cacheBaseDir.startsWith("/")) {
            throw new IllegalArgumentException("cacheBaseDir must be absolute, got " + cacheBaseDir);
        }
        if (imagePullDeadline.isNegative()) {
            throw new IllegalArgumentException("imagePullDeadline must be 0 or more, got " + imagePullDeadline);
        }
        if (operatorNamespace.isPresent() && operatorNamespace.get().isBlank()) {
            throw new IllegalArgumentException("operatorNamespace must not be blank (leave it empty instead)");
        }
    }

    /**
     * The grace period set in {@code environment} under {@value #GRACE_PERIOD_ENV} (whole seconds,
     * 0 or more), or the default when it is unset or blank.
     */
    public static Duration gracePeriodFrom(Map<String, String> environment) {
        return secondsFrom(environment, GRACE_PERIOD_ENV, defaults().gracePeriod());
    }

    /** As {@link #gracePeriodFrom}, for the pull deadline under {@value #IMAGE_PULL_DEADLINE_ENV}. */
    public static Duration imagePullDeadlineFrom(Map<String, String> environment) {
        return secondsFrom(environment, IMAGE_PULL_DEADLINE_ENV, DEFAULT_IMAGE_PULL_DEADLINE);
    }

    private static Duration secondsFrom(Map<String, String> environment, String name, Duration fallback) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds >= 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number of seconds, 0 or more; got \""
                + value + "\"");
    }

    public static EngineConfig defaults() {
        return new EngineConfig(Duration.ofSeconds(10), DEFAULT_RUNNER_IMAGE, DEFAULT_PROBE_IMAGE,
                DEFAULT_CACHE_BASE_DIR, Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofMinutes(3),
                Duration.ofMillis(500), DEFAULT_IMAGE_PULL_DEADLINE, Optional.empty(), RunnerDelivery.Copy);
    }

    public EngineConfig withGracePeriod(Duration value) {
        return new EngineConfig(value, runnerImage, probeImage, cacheBaseDir, serviceStartTimeout, execTimeout,
                deleteTimeout, pollInterval, imagePullDeadline, operatorNamespace, runnerDelivery);
    }

    public EngineConfig withRunnerImage(String value) {
        return new EngineConfig(gracePeriod, value, probeImage, cacheBaseDir, serviceStartTimeout, execTimeout,
                deleteTimeout, pollInterval, imagePullDeadline, operatorNamespace, runnerDelivery);
    }

    public EngineConfig withCacheBaseDir(String value) {
        return new EngineConfig(gracePeriod, runnerImage, probeImage, value, serviceStartTimeout, execTimeout,
                deleteTimeout, pollInterval, imagePullDeadline, operatorNamespace, runnerDelivery);
    }

    public EngineConfig withServiceStartTimeout(Duration value) {
        return new EngineConfig(gracePeriod, runnerImage, probeImage, cacheBaseDir, value, execTimeout,
                deleteTimeout, pollInterval, imagePullDeadline, operatorNamespace, runnerDelivery);
    }

    public EngineConfig withExecTimeout(Duration value) {
        return new EngineConfig(gracePeriod, runnerImage, probeImage, cacheBaseDir, serviceStartTimeout, value,
                deleteTimeout, pollInterval, imagePullDeadline, operatorNamespace, runnerDelivery);
    }

    public EngineConfig withImagePullDeadline(Duration value) {
        return new EngineConfig(gracePeriod, runnerImage, probeImage, cacheBaseDir, serviceStartTimeout, execTimeout,
                deleteTimeout, pollInterval, value, operatorNamespace, runnerDelivery);
    }

    public EngineConfig withOperatorNamespace(Optional<String> value) {
        return new EngineConfig(gracePeriod, runnerImage, probeImage, cacheBaseDir, serviceStartTimeout, execTimeout,
                deleteTimeout, pollInterval, imagePullDeadline, value, runnerDelivery);
    }

    public EngineConfig withRunnerDelivery(RunnerDelivery value) {
        return new EngineConfig(gracePeriod, runnerImage, probeImage, cacheBaseDir, serviceStartTimeout, execTimeout,
                deleteTimeout, pollInterval, imagePullDeadline, operatorNamespace, value);
    }
}
