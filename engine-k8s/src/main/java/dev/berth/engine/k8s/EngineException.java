package dev.berth.engine.k8s;

/** Something the engine ran on Kubernetes did not work out; the message says what and why. */
public class EngineException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
