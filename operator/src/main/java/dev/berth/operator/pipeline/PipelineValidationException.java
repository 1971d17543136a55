package dev.berth.operator.pipeline;

/**
 * The spec cannot run: {@link #path()} names the offending field the way the API server does
 * ({@code spec.steps[1].services[0].alias}), {@link #reason()} says why.
 */
public final class PipelineValidationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String path;
    private final String reason;

    public PipelineValidationException(String path, String reason) {
        super(path + ": " + reason);
        this.path = path;
        this.reason = reason;
    }

    public String path() {
        return path;
    }

    public String reason() {
        return reason;
    }
}
