package dev.berth.engine.model;

/** A service reachable from the container under {@code alias}. */
public record ServiceBinding(String alias, Service service) {

    public ServiceBinding {
        Checks.alias(alias, "withServiceBinding.alias");
        Checks.notNull(service, "withServiceBinding.service");
    }

    /** The bound service enters by digest: any change to it changes the client, too. */
    void writeTo(CanonicalWriter out) {
        out.type("berth.dev/ServiceBinding/v1")
                .field("alias").string(alias)
                .field("service").digest(service.digest());
    }
}
