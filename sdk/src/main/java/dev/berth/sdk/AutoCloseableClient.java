package dev.berth.sdk;

/** A {@link Client} that owns its connection: {@code try (var client = Dagger.connect()) {...}}. */
public final class AutoCloseableClient extends Client implements AutoCloseable {

    private final Transport transport;

    AutoCloseableClient(Transport transport) {
        super(QueryBuilder.startOn(transport));
        this.transport = transport;
    }

    @Override
    public void close() {
        try {
            transport.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the API connection failed", e);
        }
    }
}
