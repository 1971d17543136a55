package dev.berth.operator.config;

import dev.berth.engine.k8s.EngineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Engine settings for Pipelines and API sessions alike, from the operator's configuration (the
 * Helm chart sets them through {@code BERTH_RUNNER_IMAGE}, {@code BERTH_SERVICE_GRACE_PERIOD_SECONDS}).
 */
@ApplicationScoped
public class EngineSettings {

    @ConfigProperty(name = "berth.runner-image", defaultValue = EngineConfig.DEFAULT_RUNNER_IMAGE)
    String runnerImage;

    @ConfigProperty(name = "berth.service-grace-period-seconds", defaultValue = "10")
    long gracePeriodSeconds;

    @ConfigProperty(name = "berth.cache-base-dir", defaultValue = EngineConfig.DEFAULT_CACHE_BASE_DIR)
    String cacheBaseDir;

    public EngineConfig engineConfig() {
        return EngineConfig.defaults()
                .withRunnerImage(runnerImage)
                .withGracePeriod(Duration.ofSeconds(gracePeriodSeconds))
                .withCacheBaseDir(cacheBaseDir);
    }
}
