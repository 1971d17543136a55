/**
 * The {@code Pipeline} custom resource ({@code berth.dev/v1alpha1}, short name {@code pl}):
 * named services and ordered steps applied with {@code kubectl}, run by {@link
 * dev.berth.operator.pipeline.PipelineReconciler} in a session of their own.
 *
 * <ul>
 *   <li>{@link dev.berth.operator.pipeline.Pipeline} and the {@code *Spec} classes: the schema,
 *       with the OpenAPI bounds and CEL rules that reject bad input at {@code kubectl apply} time
 *       (the CRD is generated from them at build time into {@code crds/}).</li>
 *   <li>{@link dev.berth.operator.pipeline.PipelineModel}: spec → engine model (a step is one
 *       {@code Container}, a service one {@code Service}), the model's errors reported against
 *       spec paths.</li>
 *   <li>{@link dev.berth.operator.pipeline.PipelineStatuses}, {@link
 *       dev.berth.operator.pipeline.BoundedText}: status transitions, the Pipeline's conditions
 *       (through the engine's {@link dev.berth.engine.k8s.crd.Conditions}) and bounded output.</li>
 *   <li>{@link dev.berth.operator.pipeline.PipelineSessions}: session namespaces derived from
 *       the Pipeline's UID and generation, and re-attaching to exec pods after a restart.</li>
 * </ul>
 *
 * <p>Examples and a field-by-field description: {@code e2e/examples/pipelines/README.md}.
 */
package dev.berth.operator.pipeline;
