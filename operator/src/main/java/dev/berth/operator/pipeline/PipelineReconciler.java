package dev.berth.operator.pipeline;

import dev.berth.engine.k8s.EngineConfig;
import dev.berth.engine.k8s.crd.Conditions;
import dev.berth.operator.config.EngineSettings;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Pipeline}s: one session per pipeline generation, one step at a time, the status
 * written after every step.
 *
 * <p>State lives in the API server. A step runs in the background (a step may take minutes; the
 * reconcile thread is not held); when it ends, a wake-up event brings the pipeline back here and
 * its result is recorded. After an operator restart, a pipeline whose status says a step is
 * running is picked up in the same session (its namespace is derived from the UID and
 * generation) and the step is run "again": the engine finds the step's exec pod by the digest of
 * its container and attaches to it, so the exec itself does not run twice.
 *
 * <p>Re-applying an unchanged pipeline does nothing (same generation, final phase); a changed
 * spec starts over in a fresh session and the old one is deleted; deleting the pipeline deletes
 * its sessions before the finalizer is removed.
 */
@ControllerConfiguration(name = PipelineReconciler.NAME)
public class PipelineReconciler implements Reconciler<Pipeline>, Cleaner<Pipeline>, AutoCloseable {

    /** Also the key of its watched namespaces in application.properties (chart value watchNamespaces). */
    public static final String NAME = "pipeline";
    /** A safety net only: steps report their end through the wake-up event source. */
    static final Duration POLL_WHILE_RUNNING = Duration.ofSeconds(30);
    static final Duration CLEANUP_POLL = Duration.ofSeconds(2);
    static final Duration RETRY_BASE = Duration.ofSeconds(5);
    static final int MAX_TRANSIENT_RETRIES = 6;

    private static final Logger LOG = LoggerFactory.getLogger(PipelineReconciler.class);

    private final EngineConfig config;
    private final Clock clock;
    private final ExecutorService executor;
    /** Runs this process is driving, by pipeline UID. */
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private volatile SimpleInboundEventSource<Pipeline> wakeUps;

    public PipelineReconciler(EngineConfig config) {
        this(config, Clock.systemUTC());
    }

    @Inject
    public PipelineReconciler(EngineSettings settings) {
        this(settings.engineConfig());
    }

    PipelineReconciler(EngineConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config);
        this.clock = clock;
        AtomicInteger count = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "berth-pipeline-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public List<EventSource<?, Pipeline>> prepareEventSources(EventSourceContext<Pipeline> context) {
        wakeUps = new SimpleInboundEventSource<>("pipeline-step-ended");
        return List.of(wakeUps);
    }

    @Override
    public UpdateControl<Pipeline> reconcile(Pipeline pipeline, Context<Pipeline> context) {
        String uid = pipeline.getMetadata().getUid();
        long generation = Objects.requireNonNullElse(pipeline.getMetadata().getGeneration(), 1L);
        Instant now = clock.instant();
        PipelineSessions sessions = new PipelineSessions(context.getClient(), config);

        Run run = runs.get(uid);
        if (run != null && run.generation != generation) {
            LOG.info("Pipeline {}: spec changed (generation {} -> {}), starting over", key(pipeline), run.generation,
                    generation);
            run.cancel();
            runs.remove(uid);
            run = null;
        }
        // What this process wrote last is never older than what the informer shows.
        PipelineStatus current = run != null ? run.status : pipeline.getStatus();

        if (current != null && Objects.equals(current.getObservedGeneration(), generation)
                && current.getPhase() != null && current.getPhase().isFinal()) {
            runs.remove(uid);
            return patchIfChanged(pipeline, current); // re-applied unchanged: nothing to do
        }
        if (current == null || !Objects.equals(current.getObservedGeneration(), generation)
                || current.getSession() == null) {
            return start(pipeline, context.getClient(), sessions, current, generation, now);
        }
        if (run == null) {
            LOG.info("Pipeline {}: resuming at step {} of {} in {}", key(pipeline), current.getStepsDone() + 1,
                    current.getStepsTotal(), current.getSession());
            run = new Run(uid, generation, ResourceID.fromResource(pipeline), current.copy());
            runs.put(uid, run);
        }
        return advance(pipeline, context.getClient(), sessions, run, now);
    }

    /** A new generation: validate through the model, prepare its session, start the first step. */
    private UpdateControl<Pipeline> start(Pipeline pipeline, KubernetesClient client, PipelineSessions sessions,
            PipelineStatus previous, long generation, Instant now) {
        String uid = pipeline.getMetadata().getUid();
        String oldSession = previous == null ? null : previous.getSession();
        String sessionId = PipelineSessions.sessionId(uid, generation);
        String namespace = PipelineSessions.namespace(uid, generation);
        if (oldSession != null && !oldSession.equals(namespace)) {
            sessions.delete(oldSession); // the previous generation's results are being replaced
        }
        PipelineModel model;
        try {
            model = PipelineModel.from(pipeline.getSpec());
        } catch (PipelineValidationException e) {
            int total = pipeline.getSpec() == null || pipeline.getSpec().getSteps() == null ? 0
                    : pipeline.getSpec().getSteps().size();
            PipelineStatus status = PipelineStatuses.invalid(previous, generation, total, e, now);
            PipelineEvents.emit(client, pipeline, PipelineEvents.WARNING, StepOutcome.INVALID_SPEC, status.getMessage(), now);
            LOG.info("Pipeline {}: {}", key(pipeline), status.getMessage());
            return patchIfChanged(pipeline, status);
        }
        PipelineStatus status = PipelineStatuses.pending(generation, namespace,
                model.steps().stream().map(PipelineModel.ModelStep::name).toList(), now);
        if (previous != null && previous.getConditions() != null) {
            status.setConditions(PipelineStatuses.conditions(previous.getConditions(), PipelinePhase.Pending,
                    PipelineStatuses.REASON_PENDING, status.getMessage(), generation, now));
        }
        Run run = new Run(uid, generation, ResourceID.fromResource(pipeline), status);
        runs.put(uid, run);
        PipelineEvents.emit(client, pipeline, PipelineEvents.NORMAL, "Started",
                "running " + model.steps().size() + " step(s) in session namespace " + namespace, now);
        LOG.info("Pipeline {}: generation {}, {} step(s), session {}", key(pipeline), generation, model.steps().size(),
                namespace);
        try {
            sessions.ensure(pipeline, sessionId);
        } catch (KubernetesClientException e) {
            run.status = PipelineStatuses.retrying(status, "preparing session " + namespace + ": " + e.getMessage(), now);
            return patchIfChanged(pipeline, run.status).rescheduleAfter(RETRY_BASE);
        }
        return advance(pipeline, client, sessions, run, now);
    }

    /** Starts the next step, or records the one that ended and goes on. */
    private UpdateControl<Pipeline> advance(Pipeline pipeline, KubernetesClient client, PipelineSessions sessions,
            Run run, Instant now) {
        PipelineStatus status = run.status;
        int index = status.getStepsDone();
        if (run.future == null) {
            PipelineModel model;
            try {
                model = PipelineModel.from(pipeline.getSpec());
            } catch (PipelineValidationException e) { // cannot happen for a spec that started; be safe anyway
                return finish(pipeline, client, run, PipelineStatuses.stepFailed(status, index,
                        new StepOutcome.Failed(StepOutcome.INVALID_SPEC, e.getMessage(), null, null, null), now));
            }
            if (index == 0 && status.getPhase() == PipelinePhase.Pending) {
                sessions.ensure(pipeline, PipelineSessions.sessionId(run.uid, run.generation)); // after a restart
            }
            var step = model.step(index);
            String namespace = status.getSession();
            ResourceID id = run.id;
            run.future = executor.submit(() -> {
                try {
                    return StepOutcome.of(() -> sessions.exec(namespace, step.container()));
                } finally {
                    wake(id);
                }
            });
            run.status = PipelineStatuses.stepStarted(status, index, now);
            LOG.info("Pipeline {}: step {} \"{}\" running", key(pipeline), index + 1, step.name());
            return patchIfChanged(pipeline, run.status).rescheduleAfter(POLL_WHILE_RUNNING);
        }
        if (!run.future.isDone()) {
            return patchIfChanged(pipeline, status).rescheduleAfter(POLL_WHILE_RUNNING);
        }
        StepOutcome outcome = outcome(run.future);
        run.future = null;
        String stepName = status.getSteps().get(index).getName();
        if (outcome instanceof StepOutcome.Transient t) {
            run.transientFailures++;
            if (run.transientFailures <= MAX_TRANSIENT_RETRIES) {
                LOG.warn("Pipeline {}: step \"{}\": {}; trying again", key(pipeline), stepName, t.message());
                run.status = PipelineStatuses.retrying(status, "step \"" + stepName + "\": " + t.message()
                        + "; trying again", now);
                return patchIfChanged(pipeline, run.status)
                        .rescheduleAfter(RETRY_BASE.multipliedBy(run.transientFailures));
            }
            outcome = new StepOutcome.Failed(StepOutcome.ENGINE_ERROR, t.message(), null, null, null);
        }
        run.transientFailures = 0;
        if (outcome instanceof StepOutcome.Failed failed) {
            return finish(pipeline, client, run, PipelineStatuses.stepFailed(status, index, failed, now));
        }
        run.status = PipelineStatuses.stepSucceeded(status, index, ((StepOutcome.Done) outcome).result(), now);
        LOG.info("Pipeline {}: step {} \"{}\" succeeded", key(pipeline), index + 1, stepName);
        if (run.status.getPhase() == PipelinePhase.Succeeded) {
            return finish(pipeline, client, run, run.status);
        }
        return advance(pipeline, client, sessions, run, now); // one step ended: start the next one
    }

    private UpdateControl<Pipeline> finish(Pipeline pipeline, KubernetesClient client, Run run, PipelineStatus status) {
        run.status = status;
        Instant now = clock.instant();
        if (status.getPhase() == PipelinePhase.Failed) {
            String reason = Conditions.find(status.getConditions(), Conditions.FAILED).getReason();
            PipelineEvents.emit(client, pipeline, PipelineEvents.WARNING, reason, status.getMessage(), now);
            LOG.info("Pipeline {}: failed: {}", key(pipeline), status.getMessage());
        } else {
            PipelineEvents.emit(client, pipeline, PipelineEvents.NORMAL, PipelineStatuses.REASON_SUCCEEDED,
                    status.getMessage(), now);
            LOG.info("Pipeline {}: succeeded", key(pipeline));
        }
        // Kept in memory until the final status is seen in the cache (see reconcile).
        return patchIfChanged(pipeline, status);
    }

    @Override
    public DeleteControl cleanup(Pipeline pipeline, Context<Pipeline> context) {
        String uid = pipeline.getMetadata().getUid();
        Run run = runs.remove(uid);
        if (run != null) {
            run.cancel();
        }
        List<String> known = new ArrayList<>();
        if (pipeline.getStatus() != null) {
            known.add(pipeline.getStatus().getSession());
        }
        if (pipeline.getMetadata().getGeneration() != null) {
            known.add(PipelineSessions.namespace(uid, pipeline.getMetadata().getGeneration()));
        }
        Set<String> remaining = new PipelineSessions(context.getClient(), config).deleteAll(uid, known);
        if (!remaining.isEmpty()) {
            LOG.info("Pipeline {} deleted: waiting for session namespace(s) {} to go", key(pipeline), remaining);
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(CLEANUP_POLL);
        }
        return DeleteControl.defaultDelete();
    }

    /** Stops the background steps (the operator is shutting down); their pods keep running. */
    @Override
    public void close() {
        runs.values().forEach(Run::cancel);
        runs.clear();
        executor.shutdownNow();
    }

    private void wake(ResourceID id) {
        SimpleInboundEventSource<Pipeline> source = wakeUps;
        if (source != null) {
            try {
                source.propagateEvent(id);
            } catch (RuntimeException e) {
                LOG.debug("Could not wake pipeline {} (operator stopping?): {}", id, e.toString());
            }
        }
    }

    private static StepOutcome outcome(Future<StepOutcome> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new StepOutcome.Transient("interrupted");
        } catch (CancellationException e) {
            return new StepOutcome.Transient("cancelled");
        } catch (ExecutionException e) {
            return new StepOutcome.Failed(StepOutcome.ENGINE_ERROR, String.valueOf(e.getCause()), null, null, null);
        }
    }

    private static UpdateControl<Pipeline> patchIfChanged(Pipeline pipeline, PipelineStatus status) {
        if (status.equals(pipeline.getStatus())) {
            return UpdateControl.noUpdate();
        }
        Pipeline fresh = new Pipeline();
        fresh.setMetadata(new ObjectMetaBuilder().withName(pipeline.getMetadata().getName())
                .withNamespace(pipeline.getMetadata().getNamespace()).build());
        fresh.setStatus(status.copy());
        return UpdateControl.patchStatus(fresh);
    }

    private static String key(Pipeline pipeline) {
        return pipeline.getMetadata().getNamespace() + "/" + pipeline.getMetadata().getName();
    }

    /** A pipeline generation this process is driving. */
    private static final class Run {
        final String uid;
        final long generation;
        final ResourceID id;
        volatile PipelineStatus status;
        Future<StepOutcome> future;
        int transientFailures;

        Run(String uid, long generation, ResourceID id, PipelineStatus status) {
            this.uid = uid;
            this.generation = generation;
            this.id = id;
            this.status = status;
        }

        void cancel() {
            if (future != null) {
                future.cancel(true);
            }
        }
    }
}
