package dev.berth.cli;

import dev.berth.cli.channel.SessionChannel;
import dev.berth.cli.files.HostPaths;
import dev.berth.cli.files.SessionApi;
import dev.berth.cli.host.HostAgent;
import dev.berth.cli.host.SpdyPortForwarder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The berth process as the session's agent: the session channel, with a {@link HostAgent}
 * answering the engine's requests. When the channel is lost, every listener and tunnel goes.
 */
final class SessionAgent implements AutoCloseable {

    /**
     * How long a lost channel is tried again: well under the operator's default
     * {@code api.clientLostSeconds} (60 s), after which it closes a session whose channel is gone.
     */
    static final Duration RECONNECT_FOR = Duration.ofSeconds(40);
    private static final Duration MAX_DELAY = Duration.ofSeconds(5);

    private final URI apiBase;
    private final String sessionId;
    private final String token;
    private final InetAddress bind;
    private final Consumer<String> stderr;
    private final SessionChannel.Timing timing;
    private final Duration reconnectFor;
    /**
     * SPDY port-forwards, or WebSocket ones with {@code BERTH_PORT_FORWARD=websocket}; its client of
     * KUBECONFIG is made on first use.
     */
    private final SpdyPortForwarder forwarder = SpdyPortForwarder.fromEnvironment(System.getenv());
    /** The session's file endpoints (uploads, exports), at the same base URL as the channel. */
    private final SessionApi files;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile HostAgent agent;
    private volatile SessionChannel channel;

    private SessionAgent(URI apiBase, String sessionId, String token, InetAddress bind, Consumer<String> stderr,
            SessionChannel.Timing timing, Duration reconnectFor) {
        this.apiBase = apiBase;
        this.sessionId = sessionId;
        this.token = token;
        this.bind = bind;
        this.stderr = stderr;
        this.timing = timing;
        this.reconnectFor = reconnectFor;
        this.files = new SessionApi(apiBase, sessionId, token);
    }

    /** Opens the channel; {@code stderr} prints one user-facing line (prefix added there). */
    static SessionAgent start(URI apiBase, String sessionId, String token, InetAddress bind, Consumer<String> stderr)
            throws IOException {
        return start(apiBase, sessionId, token, bind, stderr, SessionChannel.Timing.DEFAULT, RECONNECT_FOR);
    }

    static SessionAgent start(URI apiBase, String sessionId, String token, InetAddress bind, Consumer<String> stderr,
            SessionChannel.Timing timing, Duration reconnectFor) throws IOException {
        SessionAgent session = new SessionAgent(apiBase, sessionId, token, bind, stderr, timing, reconnectFor);
        try {
            session.connect();
        } catch (IOException e) {
            session.close();
            throw e;
        }
        return session;
    }

    /** A fresh agent on a fresh channel: the engine ended every exposure of the lost one. */
    private void connect() throws IOException {
        HostAgent fresh = new HostAgent(forwarder, bind, stderr, files, HostPaths.system());
        agent = fresh;
        channel = SessionChannel.open(apiBase, sessionId, token, fresh::handle, reason -> lost(fresh, reason),
                timing);
        if (closing.get()) {
            channel.close(); // closed while connecting
        }
    }

    private void lost(HostAgent which, String reason) {
        which.close();
        if (closing.get()) {
            return;
        }
        stderr.accept("session channel lost (" + reason + "): up, tunnels and host services of this session "
                + "are closed; reconnecting");
        Thread reconnect = new Thread(this::reconnect, "berth-channel-reconnect");
        reconnect.setDaemon(true);
        reconnect.start();
    }

    /** Tries again with a backoff; the session survives a channel that comes back in time. */
    private void reconnect() {
        long deadline = System.nanoTime() + reconnectFor.toNanos();
        long delayMillis = 250;
        String last = "";
        while (!closing.get() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                return;
            }
            delayMillis = Math.min(delayMillis * 2, MAX_DELAY.toMillis());
            try {
                connect();
                stderr.accept("session channel re-established");
                return;
            } catch (IOException e) {
                last = e.getMessage();
            }
        }
        if (!closing.get()) {
            stderr.accept("session channel not re-established within " + reconnectFor.toSeconds() + " s (" + last
                    + "): the operator closes this session once its berth process has been gone for a while");
        }
    }

    @Override
    public void close() {
        closing.set(true);
        HostAgent current = agent;
        if (current != null) {
            current.close();
        }
        SessionChannel open = channel;
        if (open != null) {
            open.close();
        }
        forwarder.close();
    }
}
