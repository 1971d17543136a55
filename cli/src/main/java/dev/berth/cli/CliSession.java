package dev.berth.cli;

import dev.berth.cli.host.BindAddress;
import java.io.IOException;
import java.net.InetAddress;

/**
 * One API session of a {@code berth} command with its session channel (host networking), closed
 * once whichever path (normal, error, Ctrl-C) gets there first; closing returns once the API has
 * marked its namespace for deletion (Kubernetes removes it in the background).
 */
public class CliSession implements AutoCloseable {

    private final SessionOptions options;
    private ApiConnection connection;
    private ApiClient.OpenedSession opened;
    private SessionAgent agent;
    private boolean closed;

    public CliSession(SessionOptions options) {
        this.options = options;
    }

    public synchronized void open() throws IOException, InterruptedException {
        Timing.mark("opening a session");
        InetAddress bind = BindAddress.resolve(options.bind);
        connection = options.api != null ? ApiConnection.direct(options.api)
                : ApiConnection.portForward(options.namespace, options.service, options.servicePort);
        String bootstrap = options.bootstrapToken()
                .or(() -> connection.bootstrapTokenFromSecret(options.namespace, options.bootstrapSecret,
                        options.bootstrapSecretKey))
                .orElseThrow(() -> new IOException("no bootstrap credential found"));
        Timing.mark("API connection and bootstrap credential ready");
        opened = new ApiClient(connection.baseUri()).openSession(bootstrap, options.daggerVersion);
        boolean declared = options.daggerVersion != null && !options.daggerVersion.isEmpty();
        options.say("session " + opened.id() + " opened (namespace " + opened.namespace() + ", API "
                + connection.describe() + (declared ? ", Dagger " + opened.daggerVersion() : "") + ")");
        startAgent(bind);
        Timing.mark("session channel open");
    }

    /** Without the channel the session still works; only host networking is missing. */
    private void startAgent(InetAddress bind) {
        try {
            agent = SessionAgent.start(connection.baseUri(), opened.id(), opened.token(), bind, SessionOptions::tell);
        } catch (IOException e) {
            // ChannelUnavailableException: an operator older than the channel endpoint
            SessionOptions.tell("no session channel (" + e.getMessage()
                    + "): up, tunnels and host services are unavailable");
        }
    }

    /** The loopback port where the session's GraphQL API answers (DAGGER_SESSION_PORT). */
    public int port() {
        return connection.loopbackPort();
    }

    /** The cluster client the connection already holds (port-forward), if any. */
    public java.util.Optional<io.fabric8.kubernetes.client.KubernetesClient> kubernetes() {
        return connection.kubernetes();
    }

    public String token() {
        return opened.token();
    }

    public String id() {
        return opened.id();
    }

    public String namespace() {
        return opened.namespace();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Runs before the session is closed: what uses the session stops first (a child command). */
    protected void beforeClose() {
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        beforeClose();
        if (agent != null) {
            agent.close();
        }
        try {
            if (opened != null) {
                options.say("closing session " + opened.id());
                new ApiClient(connection.baseUri()).closeSession(opened.id(), opened.token());
                options.say("session " + opened.id() + " closed");
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("berth: could not close session " + opened.id() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (connection != null) {
                connection.close();
                Timing.mark("connection closed");
            }
        }
    }
}
