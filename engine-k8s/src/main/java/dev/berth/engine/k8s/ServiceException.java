package dev.berth.engine.k8s;

import java.util.Optional;

/**
 * A service could not serve: it exited (before becoming healthy, or while a client used it) or
 * could not run at all. The output is the service's log, stdout and stderr interleaved: the
 * Kubernetes log API of this cluster version does not keep the two streams apart.
 */
public class ServiceException extends EngineException {

    private static final long serialVersionUID = 1L;

    private final String hostname;
    private final Integer exitCode;
    private final String output;

    public ServiceException(String message, String hostname, Integer exitCode, String output) {
        super(message + (output == null || output.isBlank() ? "" : "\n\nOutput:\n" + output));
        this.hostname = hostname;
        this.exitCode = exitCode;
        this.output = output == null ? "" : output;
    }

    public String hostname() {
        return hostname;
    }

    /** Present when the service process exited. */
    public Optional<Integer> exitCode() {
        return Optional.ofNullable(exitCode);
    }

    public String output() {
        return output;
    }
}
