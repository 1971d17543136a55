package dev.berth.operator.pipeline;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A pipeline applied with {@code kubectl}: named services and ordered steps, run by the operator
 * in a session of its own, with the results written to {@code status}.
 *
 * <p>The spec is validated twice: by the CRD's OpenAPI schema and CEL rules when it is applied
 * (see the annotations on the spec classes), and by the engine model when it runs
 * ({@link PipelineModel}), so the two can never disagree about what runs.
 */
@Group(Pipeline.GROUP)
@Version(Pipeline.VERSION)
@ShortNames("pl")
@ValidationRule(value = "has(self.spec)", fieldPath = ".spec", message = "is required: declare at least spec.steps")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Steps", jsonPath = ".status.progress")
@AdditionalPrinterColumn(name = "Session", jsonPath = ".status.session", priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class Pipeline extends CustomResource<PipelineSpec, PipelineStatus> implements Namespaced {

    public static final String GROUP = "berth.dev";
    public static final String VERSION = "v1alpha1";
    public static final String KIND = "Pipeline";

    private static final long serialVersionUID = 1L;
}
