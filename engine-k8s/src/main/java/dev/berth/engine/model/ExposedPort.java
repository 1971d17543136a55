package dev.berth.engine.model;

import java.util.Comparator;

/** A port a service listens on; becomes a Service port and (unless skipped) a readiness probe. */
public record ExposedPort(int port, NetworkProtocol protocol, String description,
        boolean experimentalSkipHealthcheck) {

    /** Canonical order, so the order of withExposedPort calls does not change the digest. */
    static final Comparator<ExposedPort> ORDER =
            Comparator.comparingInt(ExposedPort::port).thenComparing(ExposedPort::protocol);

    public ExposedPort {
        Checks.port(port, "withExposedPort.port");
        Checks.notNull(protocol, "withExposedPort.protocol");
        description = description == null ? "" : description;
    }

    boolean sameEndpoint(int otherPort, NetworkProtocol otherProtocol) {
        return port == otherPort && protocol == otherProtocol;
    }

    void writeTo(CanonicalWriter out) {
        out.type("berth.dev/ExposedPort/v1")
                .field("port").integer(port)
                .field("protocol").string(protocol.name())
                .field("description").string(description)
                .field("experimentalSkipHealthcheck").bool(experimentalSkipHealthcheck);
    }
}
