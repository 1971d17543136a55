package dev.berth.operator.pipeline;

import dev.berth.engine.k8s.crd.Timestamps;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kubernetes Events on a Pipeline ({@code kubectl describe pipeline} shows them). Best effort. */
final class PipelineEvents {

    static final String NORMAL = "Normal";
    static final String WARNING = "Warning";
    static final String COMPONENT = "berth-operator";
    static final int MAX_MESSAGE_CHARS = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(PipelineEvents.class);

    private PipelineEvents() {
    }

    static void emit(KubernetesClient client, HasMetadata pipeline, String type, String reason, String message,
            Instant now) {
        String name = pipeline.getMetadata().getName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE).toLowerCase(Locale.ROOT);
        String time = Timestamps.format(now);
        try {
            client.v1().events().inNamespace(pipeline.getMetadata().getNamespace()).resource(new EventBuilder()
                    .withNewMetadata().withName(name).withNamespace(pipeline.getMetadata().getNamespace()).endMetadata()
                    .withNewInvolvedObject()
                    .withApiVersion(pipeline.getApiVersion()).withKind(pipeline.getKind())
                    .withName(pipeline.getMetadata().getName()).withNamespace(pipeline.getMetadata().getNamespace())
                    .withUid(pipeline.getMetadata().getUid())
                    .withResourceVersion(pipeline.getMetadata().getResourceVersion())
                    .endInvolvedObject()
                    .withType(type).withReason(reason)
                    .withMessage(BoundedText.head(message, MAX_MESSAGE_CHARS))
                    .withFirstTimestamp(time).withLastTimestamp(time).withCount(1)
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .withReportingComponent("berth.dev/" + COMPONENT)
                    .withReportingInstance(System.getenv().getOrDefault("HOSTNAME", COMPONENT))
                    .build()).create();
        } catch (KubernetesClientException e) {
            LOG.warn("Could not record event {} on pipeline {}/{}: {}", reason, pipeline.getMetadata().getNamespace(),
                    pipeline.getMetadata().getName(), e.getMessage());
        }
    }
}
