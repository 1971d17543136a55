package dev.berth.engine.model;

/**
 * Dagger's {@code PortForward}: traffic to {@code frontend} goes to {@code backend}. A frontend of
 * 0 means "any free port" where a port is bound on the user's machine ({@code up}, tunnels).
 */
public record PortForward(int frontend, int backend, NetworkProtocol protocol) {

    public PortForward {
        Checks.port(backend, "ports.backend");
        if (frontend < 0 || frontend > 65535) {
            throw new ValidationException("ports.frontend", "must be between 1 and 65535 (or 0: any free port), got "
                    + frontend);
        }
        Checks.notNull(protocol, "ports.protocol");
    }

    public static PortForward tcp(int frontend, int backend) {
        return new PortForward(frontend, backend, NetworkProtocol.TCP);
    }

    @Override
    public String toString() {
        return (frontend == 0 ? "*" : Integer.toString(frontend)) + "->" + backend
                + (protocol == NetworkProtocol.TCP ? "" : "/" + protocol);
    }

    void writeTo(CanonicalWriter out) {
        out.type("berth.dev/PortForward/v1")
                .field("frontend").integer(frontend)
                .field("backend").integer(backend)
                .field("protocol").string(protocol.name());
    }
}
