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

    /** A client of the session API on 127.0.0.1:{@code port} with {@code token}, which the caller closes. */
    public static AutoCloseableClient connect(int port, String token) {
        return new AutoCloseableClient(new SessionTransport(port, token));
    }

    /**
     * Makes {@code client} what {@link #dag()} returns from now on in this JVM (closing the one it
     * replaces): how {@code berth call} gives a module's functions the session it opened.
     */
    public static synchronized void use(AutoCloseableClient client) {
        if (global != null && global != client) {
            global.close();
        }
        global = client;
    }

    /** A client over another transport (tests, another session). */
    public static AutoCloseableClient connect(Transport transport) {
        return new AutoCloseableClient(transport);
    }
}
