package dev.berth.cli;

import dev.berth.cli.channel.SessionChannel;
import dev.berth.cli.host.HostAgent;
import dev.berth.cli.host.WebSocketPortForwarder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The berth process as the session's agent: the session channel, with a {@link HostAgent}
 * answering the engine's requests. When the channel is lost, every listener and tunnel goes.
 */
final class SessionAgent implements AutoCloseable {

    private final WebSocketPortForwarder forwarder;
    private final HostAgent agent;
    private final AtomicBoolean closing = new AtomicBoolean();
    private SessionChannel channel;

    private SessionAgent(WebSocketPortForwarder forwarder, HostAgent agent) {
        this.forwarder = forwarder;
        this.agent = agent;
    }

    /** Opens the channel; {@code stderr} prints one user-facing line (prefix added there). */
    static SessionAgent start(URI apiBase, String sessionId, String token, InetAddress bind, Consumer<String> stderr)
            throws IOException {
        WebSocketPortForwarder forwarder = new WebSocketPortForwarder();
        SessionAgent session = new SessionAgent(forwarder, new HostAgent(forwarder, bind, stderr));
        try {
            session.channel = SessionChannel.open(apiBase, sessionId, token, session.agent::handle,
                    reason -> session.lost(reason, stderr), SessionChannel.Timing.DEFAULT);
        } catch (IOException e) {
            session.close();
            throw e;
        }
        return session;
    }

    private void lost(String reason, Consumer<String> stderr) {
        agent.close();
        if (!closing.get()) {
            stderr.accept("session channel lost (" + reason + "): up, tunnels and host services of this session "
                    + "are closed");
        }
    }

    @Override
    public void close() {
        closing.set(true);
        agent.close();
        if (channel != null) {
            channel.close();
        }
        forwarder.close();
    }
}
