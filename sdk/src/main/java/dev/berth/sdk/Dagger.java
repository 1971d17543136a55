package dev.berth.sdk;

/**
 * Entry points, named as in Dagger's Java SDK so that code written for it ports by its imports:
 * {@code import static dev.berth.sdk.Dagger.dag;}.
 */
public final class Dagger {

    private static AutoCloseableClient global;

    private Dagger() {
    }

    /**
     * The client of this process's session (DAGGER_SESSION_PORT and DAGGER_SESSION_TOKEN, as set by
     * {@code berth run}), connected on first use and closed when the JVM exits.
     */
    public static synchronized Client dag() {
        if (global == null) {
            AutoCloseableClient client = connect();
            Runtime.getRuntime().addShutdownHook(new Thread(client::close, "berth-sdk-close"));
            global = client;
        }
        return global;
    }

    /** A client of this process's session that the caller closes. */
    public static AutoCloseableClient connect() {
        return new AutoCloseableClient(SessionTransport.fromEnvironment());
    }

    /** A client over another transport (tests, another session). */
    public static AutoCloseableClient connect(Transport transport) {
        return new AutoCloseableClient(transport);
    }
}
