package dev.berth.engine.k8s.host;

import dev.berth.engine.k8s.EngineException;

/** The user's machine could not do what was asked; the message says what and why. */
public class HostAgentException extends EngineException {

    private static final long serialVersionUID = 1L;

    public HostAgentException(String message) {
        super(message);
    }

    static HostAgentException noAgent(String what) {
        return new HostAgentException(what + " needs the berth process on your machine (run the script with "
                + "`berth run`): this session has no session channel");
    }
}
