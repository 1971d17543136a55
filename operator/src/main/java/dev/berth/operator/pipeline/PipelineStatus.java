package dev.berth.operator.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.berth.engine.k8s.crd.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator observed: overall phase, per-step results and the standard conditions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PipelineStatus {

    private PipelinePhase phase;
    @JsonPropertyDescription("The metadata.generation these results belong to; a changed spec runs again.")
    private Long observedGeneration;
    private Integer stepsDone;
    private Integer stepsTotal;
    @JsonPropertyDescription("stepsDone/stepsTotal, for kubectl get.")
    private String progress;
    @JsonPropertyDescription("Namespace of the session the pipeline runs in.")
    private String session;
    @JsonPropertyDescription("Why the pipeline failed, or what it is doing.")
    private String message;
    private String startedAt;
    private String finishedAt;
    private List<StepStatus> steps = new ArrayList<>();
    @JsonPropertyDescription("Ready, Succeeded and Failed, with reason, message and observedGeneration.")
    private List<Condition> conditions = new ArrayList<>();

    /** A deep copy: the reconciler edits copies, never the informer's cached object. */
    public PipelineStatus copy() {
        PipelineStatus c = new PipelineStatus();
        c.phase = phase;
        c.observedGeneration = observedGeneration;
        c.stepsDone = stepsDone;
        c.stepsTotal = stepsTotal;
        c.progress = progress;
        c.session = session;
        c.message = message;
        c.startedAt = startedAt;
        c.finishedAt = finishedAt;
        c.steps = new ArrayList<>(steps.stream().map(StepStatus::copy).toList());
        c.conditions = new ArrayList<>(conditions.stream().map(condition -> new ConditionBuilder(condition).build()).toList());
        return c;
    }

    public PipelinePhase getPhase() {
        return phase;
    }

    public void setPhase(PipelinePhase phase) {
        this.phase = phase;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public Integer getStepsDone() {
        return stepsDone;
    }

    public void setStepsDone(Integer stepsDone) {
        this.stepsDone = stepsDone;
    }

    public Integer getStepsTotal() {
        return stepsTotal;
    }

    public void setStepsTotal(Integer stepsTotal) {
        this.stepsTotal = stepsTotal;
    }

    public String getProgress() {
        return progress;
    }

    public void setProgress(String progress) {
        this.progress = progress;
    }

    public String getSession() {
        return session;
    }

    public void setSession(String session) {
        this.session = session;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(String startedAt) {
        this.startedAt = startedAt;
    }

    public String getFinishedAt() {
        return finishedAt;
    }

    public void setFinishedAt(String finishedAt) {
        this.finishedAt = finishedAt;
    }

    public List<StepStatus> getSteps() {
        return steps;
    }

    public void setSteps(List<StepStatus> steps) {
        this.steps = steps == null ? new ArrayList<>() : steps;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : conditions;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PipelineStatus s && phase == s.phase
                && Objects.equals(observedGeneration, s.observedGeneration)
                && Objects.equals(stepsDone, s.stepsDone) && Objects.equals(stepsTotal, s.stepsTotal)
                && Objects.equals(progress, s.progress) && Objects.equals(session, s.session)
                && Objects.equals(message, s.message) && Objects.equals(startedAt, s.startedAt)
                && Objects.equals(finishedAt, s.finishedAt) && Objects.equals(steps, s.steps)
                && Conditions.same(conditions, s.conditions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(phase, observedGeneration, stepsDone, session);
    }
}
