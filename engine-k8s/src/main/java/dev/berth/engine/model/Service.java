package dev.berth.engine.model;

import java.util.List;
import java.util.Optional;

/**
 * A long-lived service, identified by content: a container run as a service, or a service on the
 * user's machine ({@code Host.service}) that containers reach through a relay. Its hostname is
 * derived from the digest of its definition unless {@link #withHostname(String)} overrides it.
 */
public final class Service implements ContentAddressed {

    private static final String TYPE = "berth.dev/Service/v1";
    private static final String HOST_TYPE = "berth.dev/HostService/v1";

    /** Null for a host service. */
    private final Container container;
    private final ServiceCommand command;
    /** Null unless a host service. */
    private final HostTarget hostTarget;
    /** Null unless {@code withHostname} was called. */
    private final String customHostname;

    private volatile Digest digest;

    private Service(Container container, ServiceCommand command, HostTarget hostTarget, String customHostname) {
        this.container = container;
        this.command = command;
        this.hostTarget = hostTarget;
        this.customHostname = customHostname;
    }

    static Service of(Container container, ServiceCommand command) {
        return new Service(container, command, null, null);
    }

    /** {@code Host.service(ports, host)}: containers that bind it reach {@code host:backend} on the user's machine. */
    public static Service onHost(HostTarget target) {
        return new Service(null, null, Checks.notNull(target, "service"), null);
    }

    /** A host service: forwards to the user's machine, runs no container. */
    public boolean isOnHost() {
        return hostTarget != null;
    }

    public Optional<HostTarget> hostTarget() {
        return Optional.ofNullable(hostTarget);
    }

    /**
     * The container the service runs; for the legacy form, without the exec that became the command.
     *
     * @throws IllegalStateException for a host service, which runs none
     */
    public Container container() {
        if (container == null) {
            throw new IllegalStateException("host service " + hostname() + " runs no container");
        }
        return container;
    }

    /** The services this one binds (none for a host service). */
    public List<ServiceBinding> serviceBindings() {
        return container == null ? List.of() : container.serviceBindings();
    }

    public ServiceCommand command() {
        return command;
    }

    public List<ExposedPort> exposedPorts() {
        return container == null ? hostTarget.exposedPorts() : container.exposedPorts();
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
        return new Service(container, command, hostTarget, Checks.serviceHostname(name, "withHostname.name"));
    }

    /** The custom hostname is part of the identity: two names are two instances. */
    @Override
    public Digest digest() {
        Digest d = digest;
        if (d == null && hostTarget != null) {
            d = new CanonicalWriter().type(HOST_TYPE)
                    .field("target").list(List.of(hostTarget), (w, t) -> t.writeTo(w))
                    .field("hostname").optionalString(customHostname)
                    .sha256();
            digest = d;
        } else if (d == null) {
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
        return hostTarget != null ? "Service{" + hostname() + ", host " + hostTarget + "}"
                : "Service{" + hostname() + ", " + container.image() + ", " + command + "}";
    }
}
