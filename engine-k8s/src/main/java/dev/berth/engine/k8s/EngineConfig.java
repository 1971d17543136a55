package dev.berth.engine.k8s;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the Kubernetes engine; {@link #defaults()} is what Berth uses unless told otherwise.
 *
 * @param gracePeriod        how long an unused, unpinned service instance lives on (Dagger: 10 s)
 * @param runnerImage        image holding /berth-runner, copied into every pod that runs steps
 * @param probeImage         image of the idle sidecars that carry the readiness probes of a
 *                           service's second and further ports (a container has one probe only)
 * @param cacheBaseDir       node directory under which each cache volume is a subdirectory
 * @param serviceStartTimeout how long a service may take to become Ready
 * @param execTimeout        how long an exec pod may take to finish
 * @param deleteTimeout      how long to wait for pods, instances and namespaces to be gone
 * @param pollInterval       how often waits re-read the API server
 */
public record EngineConfig(
        Duration gracePeriod,
        String runnerImage,
        String probeImage,
        String cacheBaseDir,
        Duration serviceStartTimeout,
        Duration execTimeout,
        Duration deleteTimeout,
        Duration pollInterval) {

    public static final String DEFAULT_RUNNER_IMAGE = "berth.local/runner:0.1.0";
    /** The sandbox image: every node has it, so it is never pulled. */
    public static final String DEFAULT_PROBE_IMAGE = "registry.k8s.io/pause:3.10.1";
    /**
     * Outside the cluster's own state directory on purpose: caches must survive the cluster
     * being torn down and rebuilt, like Dagger's cache survives engine restarts.
     */
    public static final String DEFAULT_CACHE_BASE_DIR = "/var/lib/berth-caches";

    public EngineConfig {
        Objects.requireNonNull(gracePeriod, "gracePeriod");
        Objects.requireNonNull(runnerImage, "runnerImage");
        Objects.requireNonNull(probeImage, "probeImage");
        Objects.requireNonNull(cacheBaseDir, "cacheBaseDir");
        Objects.requireNonNull(serviceStartTimeout, "serviceStartTimeout");
        Objects.requireNonNull(execTimeout, "execTimeout");
        Objects.requireNonNull(deleteTimeout, "deleteTimeout");
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (!cacheBaseDir.startsWith("/")) {
            throw new IllegalArgumentException("cacheBaseDir must be absolute, got " + cacheBaseDir);
        }
    }

    /** The operator's grace-period setting (the Helm value serviceGracePeriodSeconds). */
    public static final String GRACE_PERIOD_ENV = "BERTH_SERVICE_GRACE_PERIOD_SECONDS";

    /**
     * The grace period set in {@code environment} under {@value #GRACE_PERIOD_ENV} (whole seconds,
     * 0 or more), or the default when it is unset or blank.
     */
    public static Duration gracePeriodFrom(Map<String, String> environment) {
        String value = environment.get(GRACE_PERIOD_ENV);
        if (value == null || value.isBlank()) {
            return defaults().gracePeriod();
        }
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds >= 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(GRACE_PERIOD_ENV + " must be a whole number of seconds, 0 or more; got \""
                + value + "\"");
    }

    public static EngineConfig defaults() {
        return new EngineConfig(Duration.ofSeconds(10), DEFAULT_RUNNER_IMAGE, DEFAULT_PROBE_IMAGE,
                DEFAULT_CACHE_BASE_DIR, Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofMinutes(3),
                Duration.ofMillis(500));
    }

    public EngineConfig withGracePeriod(Duration value) {
        return new EngineConfig(value, runnerImage, probeImage, cacheBaseDir, serviceStartTimeout, execTimeout,
                deleteTimeout, pollInterval);
    }

    public EngineConfig withRunnerImage(String value) {
        return new EngineConfig(gracePeriod, value, probeImage, cacheBaseDir, serviceStartTimeout, execTimeout,
                deleteTimeout, pollInterval);
    }

    public EngineConfig withCacheBaseDir(String value) {
        return new EngineConfig(gracePeriod, runnerImage, probeImage, value, serviceStartTimeout, execTimeout,
                deleteTimeout, pollInterval);
    }

    public EngineConfig withServiceStartTimeout(Duration value) {
        return new EngineConfig(gracePeriod, runnerImage, probeImage, cacheBaseDir, value, execTimeout,
                deleteTimeout, pollInterval);
    }

    public EngineConfig withExecTimeout(Duration value) {
        return new EngineConfig(gracePeriod, runnerImage, probeImage, cacheBaseDir, serviceStartTimeout, value,
                deleteTimeout, pollInterval);
    }
}
