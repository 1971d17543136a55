package dev.berth.engine.k8s.crd;

/** Reasons of the Ready condition, also shown as the instance's phase. */
public enum InstancePhase {
    /** Pod not yet Ready: scheduling, installing the runner, running steps, or probes failing. */
    STARTING("Starting"),
    /** Every health-checked port accepts connections. */
    READY("Ready"),
    /** The service process ended (restartPolicy Never: an instance never restarts). */
    EXITED("Exited"),
    /** The pod cannot run at all, e.g. the image is missing. */
    FAILED("Failed");

    private final String reason;

    InstancePhase(String reason) {
        this.reason = reason;
    }

    /** The CamelCase spelling used in conditions and status.phase. */
    public String reason() {
        return reason;
    }

    public boolean isFinal() {
        return this == EXITED || this == FAILED;
    }

    public static InstancePhase fromReason(String reason) {
        for (InstancePhase phase : values()) {
            if (phase.reason.equals(reason)) {
                return phase;
            }
        }
        return STARTING;
    }
}
