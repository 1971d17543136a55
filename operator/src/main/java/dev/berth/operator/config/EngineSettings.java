package dev.berth.operator.config;

import dev.berth.engine.k8s.EngineConfig;
import dev.berth.engine.k8s.crd.RunnerDelivery;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Engine settings for Pipelines and API sessions alike, from the operator's configuration (the
 * Helm chart sets them through {@code BERTH_RUNNER_IMAGE}, {@code BERTH_RUNNER_DELIVERY},
 * {@code BERTH_SERVICE_GRACE_PERIOD_SECONDS},
 * {@code BERTH_IMAGE_PULL_DEADLINE_SECONDS}, {@code BERTH_OPERATOR_NAMESPACE} and {@code BERTH_FILES_DIR}).
 */
@ApplicationScoped
public class EngineSettings {

    @ConfigProperty(name = "berth.runner-image", defaultValue = EngineConfig.DEFAULT_RUNNER_IMAGE)
    String runnerImage;

    @ConfigProperty(name = "berth.service-grace-period-seconds", defaultValue = "10")
    long gracePeriodSeconds;

    @ConfigProperty(name = "berth.image-pull-deadline-seconds", defaultValue = "120")
    long imagePullDeadlineSeconds;

    @ConfigProperty(name = "berth.cache-base-dir", defaultValue = EngineConfig.DEFAULT_CACHE_BASE_DIR)
    String cacheBaseDir;

    /** The chart sets it from the pod's namespace; unset outside a cluster (no operator pod to admit). */
    @ConfigProperty(name = "berth.operator.namespace")
    Optional<String> operatorNamespace;

    /** Where the file store keeps directories and files (the chart's berth-files volume); unset: a temporary directory. */
    @ConfigProperty(name = "berth.files-dir")
    Optional<String> filesDir;

    /** The store's byte budget (the chart: 3/4 of its volume); unset: none. */
    @ConfigProperty(name = "berth.files-max-bytes")
    Optional<Long> filesMaxBytes;

    private volatile dev.berth.engine.files.FileStore files;

    /** The process's file store (docs/files.md), made on first use. */
    public synchronized dev.berth.engine.files.FileStore fileStore() {
        if (files == null) {
            files = filesDir.filter(d -> !d.isBlank())
                    .map(d -> dev.berth.engine.files.FileStore.at(java.nio.file.Path.of(d),
                            filesMaxBytes.orElse(Long.MAX_VALUE)))
                    .orElseGet(dev.berth.engine.files.FileStore::processDefault);
        }
        return files;
    }

    /** auto (image volumes from Kubernetes 1.35, else copies), image-volume or copy. */
    @ConfigProperty(name = "berth.runner.delivery", defaultValue = RunnerDelivery.AUTO)
    String runnerDelivery;

    @Inject
    KubernetesClient client;

    private volatile RunnerDelivery delivery;

    public EngineConfig engineConfig() {
        return EngineConfig.defaults()
                .withRunnerDelivery(delivery())
                .withRunnerImage(runnerImage)
                .withGracePeriod(Duration.ofSeconds(gracePeriodSeconds))
                .withImagePullDeadline(Duration.ofSeconds(imagePullDeadlineSeconds))
                .withCacheBaseDir(cacheBaseDir)
                .withOperatorNamespace(operatorNamespace.filter(n -> !n.isBlank()));
    }

    /** Decided once: auto asks the API server for its version. */
    private RunnerDelivery delivery() {
        if (delivery == null) {
            delivery = RunnerDelivery.forCluster(runnerDelivery, client);
        }
        return delivery;
    }
}
