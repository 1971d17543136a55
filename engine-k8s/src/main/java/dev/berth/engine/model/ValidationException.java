package dev.berth.engine.model;

/**
 * A definition was rejected before anything reached Kubernetes.
 *
 * <p>Carries the API field that was wrong (e.g. {@code withExposedPort.port}) apart from the
 * human reason, so the GraphQL layer and the operator's status can point at the exact argument.
 */
public final class ValidationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    public ValidationException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** Path of the offending argument: {@code <api call>.<argument>}. */
    public String field() {
        return field;
    }

    /** Why it was rejected, including the offending value where that helps. */
    public String reason() {
        return reason;
    }
}
