package dev.berth.operator.pipeline;

/** Where a pipeline is: {@code status.phase}. */
public enum PipelinePhase {
    /** Accepted; its session is being prepared. */
    Pending,
    /** A step is running. */
    Running,
    /** Every step met its {@code expect}. */
    Succeeded,
    /** A step failed, the spec was rejected by the engine, or the engine could not run it. */
    Failed;

    public boolean isFinal() {
        return this == Succeeded || this == Failed;
    }
}
