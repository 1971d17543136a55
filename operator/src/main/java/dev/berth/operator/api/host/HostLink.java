package dev.berth.operator.api.host;

import dev.berth.engine.k8s.host.Exposure;
import dev.berth.operator.api.engine.EngineSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One API session's link to the user's machine: the current session channel (a newer one
 * replaces it: a {@code berth} process that reconnected) and the tunnels started in the session,
 * which live until stopped or until the session ends, as in Dagger.
 */
public final class HostLink implements AutoCloseable {

    private final EngineSession engine;
    private final HostFiles files;
    private HostChannel channel;
    private final Map<String, Exposure> tunnels = new ConcurrentHashMap<>();
    private volatile Consumer<HostChannel> onChannelEnded = c -> { };

    public HostLink(EngineSession engine) {
        this.engine = engine;
        this.files = new HostFiles(engine.id(), this, engine.files());
    }

    public synchronized void attach(HostChannel newer) {
        HostChannel older = channel;
        channel = newer;
        engine.useHostAgent(newer);
        newer.closed().thenRun(() -> onChannelEnded.accept(newer));
        if (older != null) {
            older.close(HostChannel.REPLACED, "replaced by a newer channel of the session");
        }
    }

    /** Called with a channel once it has ended (replaced, closed, or its berth process vanished). */
    public void onChannelEnded(Consumer<HostChannel> listener) {
        this.onChannelEnded = listener;
    }

    /** A {@code berth} process's channel is attached and open now. */
    public synchronized boolean channelOpen() {
        return channel != null && !channel.closed().toCompletableFuture().isDone();
    }

    /** A channel was ever attached: the session has a {@code berth} process, whose absence means it is gone. */
    public synchronized boolean hadChannel() {
        return channel != null;
    }

    /** True while {@code ended} is the session's latest channel: no berth process came back since. */
    public synchronized boolean isLatest(HostChannel ended) {
        return channel == ended;
    }

    /** Host directories and files, and exports to the user's machine. */
    public HostFiles files() {
        return files;
    }

    /** The open channel, for a request that needs the user's machine. */
    synchronized HostChannel openChannel(String what) {
        if (channel == null || channel.closed().toCompletableFuture().isDone()) {
            throw new dev.berth.engine.k8s.host.HostAgentException(what + " needs the berth process on your machine:"
                    + " run the script with berth run (or berth call)" + (channel == null ? ""
                    : "; its session channel closed: " + channel.closed().toCompletableFuture().join()));
        }
        return channel;
    }

    /** The tunnel started under {@code key}, starting it if it is not running (or its channel ended). */
    public Exposure tunnel(String key, Supplier<Exposure> start) {
        return tunnels.compute(key, (k, running) -> {
            if (running != null && !running.lost().toCompletableFuture().isDone()) {
                return running;
            }
            return start.get();
        });
    }

    /** Stops the tunnel if it runs; true if it did. */
    public boolean stopTunnel(String key) {
        Exposure running = tunnels.remove(key);
        if (running == null) {
            return false;
        }
        running.close();
        return true;
    }

    @Override
    public void close() {
        List<Exposure> open;
        synchronized (this) {
            open = new ArrayList<>(tunnels.values());
            tunnels.clear();
        }
        open.forEach(e -> {
            try {
                e.close();
            } catch (RuntimeException ignored) {
                // the namespace goes next: nothing of the exposure outlives it
            }
        });
        HostChannel current;
        synchronized (this) {
            current = channel;
            channel = null;
        }
        if (current != null) {
            current.close();
        }
    }
}
