package dev.berth.engine.k8s.host;

import dev.berth.engine.k8s.EngineException;

/** A UDP (or other non-TCP) port asked to cross to the user's machine: port-forward carries TCP only. */
public class TcpOnlyException extends EngineException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public TcpOnlyException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The API argument it concerns, e.g. {@code up.ports}. */
    public String field() {
        return field;
    }
}
