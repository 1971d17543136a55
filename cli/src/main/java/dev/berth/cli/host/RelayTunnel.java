package dev.berth.cli.host;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One standby tunnel to the relay pod: announces itself with {@code BERTH-RELAY 1 <key>\n}, waits
 * for the 2-byte (big-endian) frontend port the relay writes when a container connects, then
 * dials that port's target on this machine and copies bytes both ways.
 */
final class RelayTunnel {

    /** What the pool hears about this tunnel. */
    interface Events {
        /** The relay took this standby for a connection (or it failed before): open another. */
        void taken(RelayTunnel tunnel);

        /** It ended before it was taken, e.g. the relay is not listening yet. */
        void lost(RelayTunnel tunnel, String reason);

        /** It is closed for good. */
        void closed(RelayTunnel tunnel);
    }

    private final Duplex stream;
    private final String service;
    private final String host;
    private final Map<Integer, Integer> backends;
    private final Consumer<String> stderr;
    private final Events events;
    private volatile Socket target;

    RelayTunnel(Duplex stream, String service, String host, Map<Integer, Integer> backends, Consumer<String> stderr,
            Events events) {
        this.stream = stream;
        this.service = service;
        this.host = host;
        this.backends = backends;
        this.stderr = stderr;
        this.events = events;
    }

    /** Writes the key line now (so a broken tunnel fails here), waits for the relay in the background. */
    void announce(String key) throws IOException {
        OutputStream out = stream.output();
        out.write(("BERTH-RELAY 1 " + key + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Threads.start("berth-standby " + service, this::awaitConnection);
    }

    private void awaitConnection() {
        int frontend;
        try {
            frontend = new DataInputStream(stream.input()).readUnsignedShort();
        } catch (IOException e) {
            stream.close();
            events.lost(this, e.getMessage() != null ? e.getMessage() : "the relay closed the tunnel");
            events.closed(this);
            return;
        }
        events.taken(this);
        Integer backend = backends.get(frontend);
        if (backend == null) {
            stderr.accept("host service " + service + ": the relay asked for port " + frontend + ", which is not one of "
                    + backends.keySet());
            close();
            return;
        }
        try {
            target = TargetCheck.dial(service, host, backend);
        } catch (UserFacingException e) {
            stderr.accept(e.getMessage());
            close();
            return;
        }
        Splice.start("berth-tunnel " + service + ":" + frontend, stream, Duplex.of(target),
                reason -> stderr.accept("host service " + service + ": a connection to " + host + ":" + backend
                        + " failed: " + reason),
                () -> events.closed(this));
    }

    void close() {
        stream.close();
        Socket socket = target;
        if (socket != null) {
            Duplex.of(socket).close();
        }
        events.closed(this);
    }
}
