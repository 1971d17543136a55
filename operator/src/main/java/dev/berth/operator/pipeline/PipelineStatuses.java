package dev.berth.operator.pipeline;

import dev.berth.engine.k8s.ExecResult;
import dev.berth.engine.k8s.crd.Conditions;
import dev.berth.engine.k8s.crd.Timestamps;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Status transitions of a pipeline, kept free of Kubernetes calls so they can be tested alone.
 * Every method returns a new status and leaves its argument unchanged.
 */
final class PipelineStatuses {

    static final String REASON_PENDING = "Pending";
    static final String REASON_RUNNING = "Running";
    static final String REASON_SUCCEEDED = "Succeeded";
    /** Longest {@code status.message} / {@code steps[].message}: they may carry a service's log. */
    static final int MAX_MESSAGE_CHARS = 4096;
    /** Longest condition message: {@code kubectl describe} shows it on one line. */
    static final int MAX_CONDITION_MESSAGE_CHARS = 1024;

    private PipelineStatuses() {
    }

    /** A new run of {@code generation}: every step pending. */
    static PipelineStatus pending(long generation, String session, List<String> stepNames, Instant now) {
        PipelineStatus s = new PipelineStatus();
        s.setObservedGeneration(generation);
        s.setSession(session);
        s.setStartedAt(Timestamps.format(now));
        List<StepStatus> steps = new ArrayList<>();
        stepNames.forEach(name -> steps.add(new StepStatus(name, StepPhase.Pending)));
        s.setSteps(steps);
        s.setStepsTotal(steps.size());
        s.setStepsDone(0);
        return phase(s, PipelinePhase.Pending, REASON_PENDING, "preparing session " + session, generation, now);
    }

    /** The spec cannot run at all; nothing was started. */
    static PipelineStatus invalid(PipelineStatus previous, long generation, int stepsTotal,
            PipelineValidationException e, Instant now) {
        PipelineStatus s = new PipelineStatus();
        s.setObservedGeneration(generation);
        s.setStepsTotal(stepsTotal);
        s.setStepsDone(0);
        s.setFinishedAt(Timestamps.format(now));
        s.setConditions(previous == null ? new ArrayList<>() : previous.copy().getConditions());
        return phase(s, PipelinePhase.Failed, StepOutcome.INVALID_SPEC, "invalid spec: " + e.getMessage(), generation, now);
    }

    static PipelineStatus stepStarted(PipelineStatus previous, int index, Instant now) {
        PipelineStatus s = previous.copy();
        StepStatus step = s.getSteps().get(index);
        if (step.getStartedAt() == null) {
            step.setStartedAt(Timestamps.format(now));
        }
        step.setPhase(StepPhase.Running);
        return phase(s, PipelinePhase.Running, REASON_RUNNING, "running step \"" + step.getName() + "\" ("
                + (index + 1) + " of " + s.getSteps().size() + ")", s.getObservedGeneration(), now);
    }

    static PipelineStatus stepSucceeded(PipelineStatus previous, int index, ExecResult result, Instant now) {
        PipelineStatus s = previous.copy();
        StepStatus step = s.getSteps().get(index);
        step.setPhase(StepPhase.Succeeded);
        step.setExitCode(result.exitCode());
        step.recordStdout(result.stdout());
        step.recordStderr(result.stderr());
        step.setMessage(null);
        step.setFinishedAt(Timestamps.format(now));
        s.setStepsDone(index + 1);
        if (index + 1 < s.getSteps().size()) {
            return phase(s, PipelinePhase.Running, REASON_RUNNING, "step \"" + step.getName() + "\" succeeded",
                    s.getObservedGeneration(), now);
        }
        s.setFinishedAt(Timestamps.format(now));
        return phase(s, PipelinePhase.Succeeded, REASON_SUCCEEDED, "all " + s.getSteps().size() + " steps succeeded",
                s.getObservedGeneration(), now);
    }

    static PipelineStatus stepFailed(PipelineStatus previous, int index, StepOutcome.Failed failure, Instant now) {
        PipelineStatus s = previous.copy();
        StepStatus step = s.getSteps().get(index);
        step.setPhase(StepPhase.Failed);
        step.setExitCode(failure.exitCode());
        if (failure.stdout() != null) {
            step.recordStdout(failure.stdout());
        }
        if (failure.stderr() != null) {
            step.recordStderr(failure.stderr());
        }
        step.setMessage(BoundedText.head(failure.message(), MAX_MESSAGE_CHARS));
        if (step.getStartedAt() == null) {
            step.setStartedAt(Timestamps.format(now));
        }
        step.setFinishedAt(Timestamps.format(now));
        for (int i = index + 1; i < s.getSteps().size(); i++) {
            s.getSteps().get(i).setPhase(StepPhase.Skipped);
        }
        s.setFinishedAt(Timestamps.format(now));
        String message = "step \"" + step.getName() + "\" failed: " + failure.message();
        return phase(s, PipelinePhase.Failed, failure.reason(), message, s.getObservedGeneration(), now);
    }

    /** A transient problem worth showing while it is retried; the phase stays. */
    static PipelineStatus retrying(PipelineStatus previous, String what, Instant now) {
        PipelineStatus s = previous.copy();
        s.setMessage(BoundedText.head(what, MAX_MESSAGE_CHARS));
        return s;
    }

    private static PipelineStatus phase(PipelineStatus s, PipelinePhase phase, String reason, String message,
            long generation, Instant now) {
        s.setPhase(phase);
        s.setMessage(BoundedText.head(message, MAX_MESSAGE_CHARS));
        s.setProgress(s.getStepsDone() + "/" + s.getStepsTotal());
        s.setConditions(conditions(s.getConditions(), phase, reason, message, generation, now));
        return s;
    }

    /**
     * The three standard conditions of a Pipeline, derived from its phase:
     *
     * <table>
     *   <tr><th>phase</th><th>Ready</th><th>Succeeded</th><th>Failed</th></tr>
     *   <tr><td>Pending, Running</td><td>False</td><td>Unknown</td><td>False</td></tr>
     *   <tr><td>Succeeded</td><td>True</td><td>True</td><td>False</td></tr>
     *   <tr><td>Failed</td><td>False</td><td>False</td><td>True</td></tr>
     * </table>
     *
     * <p>So {@code kubectl wait --for=condition=Ready pipeline/x} waits for success, and
     * {@code --for=condition=Failed} for failure.
     */
    static List<Condition> conditions(List<Condition> previous, PipelinePhase phase, String reason, String message,
            long generation, Instant now) {
        String ready = phase == PipelinePhase.Succeeded ? Conditions.TRUE : Conditions.FALSE;
        String succeeded = switch (phase) {
            case Succeeded -> Conditions.TRUE;
            case Failed -> Conditions.FALSE;
            default -> Conditions.UNKNOWN;
        };
        String failed = phase == PipelinePhase.Failed ? Conditions.TRUE : Conditions.FALSE;
        String text = BoundedText.head(message == null ? "" : message, MAX_CONDITION_MESSAGE_CHARS);
        List<Condition> out = Conditions.set(previous, Conditions.READY, ready, reason, text, generation, now);
        out = Conditions.set(out, Conditions.SUCCEEDED, succeeded, reason, text, generation, now);
        return Conditions.set(out, Conditions.FAILED, failed, reason, text, generation, now);
    }
}
