package dev.berth.operator.pipeline;

/** Where a step is: {@code status.steps[].phase}. */
public enum StepPhase {
    Pending,
    Running,
    Succeeded,
    Failed,
    /** Not run because an earlier step failed. */
    Skipped
}
