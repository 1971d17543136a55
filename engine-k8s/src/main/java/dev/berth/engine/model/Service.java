package dev.berth.engine.model;

import java.util.List;
import java.util.Optional;

/**
 * A container run as a long-lived service, identified by content: its hostname is derived from
 * the digest of its definition unless {@link #withHostname(String)} overrides it.
 */
public final class Service implements ContentAddressed {

    private static final String TYPE = "berth.dev/Service/v1";

    private final Container container;
    private final ServiceCommand command;
    /** Null unless {@code withHostname} was called. */
    private final String customHostname;

    private volatile Digest digest;

    private Service(Container container, ServiceCommand command, String customHostname) {
        this.container = container;
        this.command = command;
        this.customHostname = customHostname;
    }

    static Service of(Container container, ServiceCommand command) {
        return new Service(container, command, null);
    }

    /** The container the service runs; for the legacy form, without the exec that became the command. */
    public Container container() {
        return container;
    }

    public ServiceCommand command() {
        return command;
    }

    public List<ExposedPort> exposedPorts() {
        return container.exposedPorts();
    }

    /** The content-addressed name, or the one given to {@link #withHostname(String)}. */
    public String hostname() {
        return customHostname != null ? customHostname : Hostnames.of(digest());
    }

    public Optional<String> customHostname() {
        return Optional.ofNullable(customHostname);
    }

    /**
     * Gives the service a fixed name. It becomes a Kubernetes Service name, so it must be an
     * RFC 1123 label that starts with a letter.
     */
    public Service withHostname(String name) {
        return new Service(container, command, Checks.serviceHostname(name, "withHostname.name"));
    }

    /** The custom hostname is part of the identity: two names are two instances. */
    @Override
    public Digest digest() {
        Digest d = digest;
        if (d == null) {
            d = new CanonicalWriter().type(TYPE)
                    .field("container").digest(container.digest())
                    .field("command").list(List.of(command), (w, c) -> c.writeTo(w))
                    .field("hostname").optionalString(customHostname)
                    .sha256();
            digest = d;
        }
        return d;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Service && digest().equals(((Service) other).digest());
    }

    @Override
    public int hashCode() {
        return digest().hashCode();
    }

    @Override
    public String toString() {
        return "Service{" + hostname() + ", " + container.image() + ", " + command + "}";
    }
}
