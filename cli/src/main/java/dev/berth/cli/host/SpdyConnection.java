package dev.berth.cli.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One upgraded SPDY/3.1 connection to the port-forward of a pod, as kubectl holds it: each TCP
 * stream is a new pair of SPDY streams on it ({@code error}, then {@code data}, with the same
 * {@code requestid}). One reader thread hands frames to the streams; writers send whole frames
 * under the writer's lock, straight to the socket. {@link #check} (every few seconds) pings a
 * silent connection, declares it dead when nothing comes back, and closes it once idle.
 */
final class SpdyConnection {

    static final long PING_AFTER_NANOS = TimeUnit.SECONDS.toNanos(10);
    static final long DEAD_AFTER_NANOS = TimeUnit.SECONDS.toNanos(45);

    /** The connection died before the kubelet answered: a new connection may do better. */
    static final class Gone extends IOException {
        Gone(String message) {
            super(message);
        }
    }

    private final String pod;
    private final Socket socket;
    private final SpdyFrames.Writer writer;
    private final SpdyFrames.Reader reader;
    private final Map<Integer, SpdyStream> streams = new ConcurrentHashMap<>();
    /** Stream ids must reach the server in increasing order: taken and sent under this lock. */
    private final Object opening = new Object();
    private final Object lock = new Object();
    private int nextStreamId = 1;
    private int nextRequestId;
    private int nextPingId = 1;
    private int open;
    private long idleSince = System.nanoTime();
    private boolean retired;
    private volatile String failure;
    private volatile long lastReceived = System.nanoTime();
    private volatile boolean readerWaiting;

    /**
     * {@code in} and {@code out}: the streams after the HTTP upgrade (of TLS, if any); {@code tcp}:
     * the TCP socket under them, closed directly (closing a TLS socket waits for a writer blocked on
     * the network, to send close_notify).
     */
    SpdyConnection(String pod, Socket tcp, InputStream in, OutputStream out) {
        this.pod = pod;
        this.socket = tcp;
        this.writer = new SpdyFrames.Writer(out);
        this.reader = new SpdyFrames.Reader(in);
        Threads.start("berth-spdy " + pod, this::readLoop);
    }

    /** Opens one TCP stream to {@code port}: returns once the kubelet accepted it. */
    SpdyStream openStream(int port, String target, long timeoutNanos) throws IOException {
        SpdyStream stream;
        synchronized (opening) {
            synchronized (lock) {
                if (failure != null || retired || nextStreamId > 0x7fff_fff0) {
                    throw new Gone("connection to " + pod + " is closing");
                }
                stream = new SpdyStream(this, nextStreamId, nextStreamId + 2, target);
                nextStreamId += 4;
                open++;
                streams.put(stream.errorId, stream);
                streams.put(stream.dataId, stream);
            }
            String requestId = Integer.toString(nextRequestId++);
            try {
                // like kubectl: the error stream is only read, so its sending side ends at once
                writer.synStream(stream.errorId, SpdyFrames.FLAG_FIN, headers("error", port, requestId));
                writer.synStream(stream.dataId, 0, headers("data", port, requestId));
            } catch (IOException e) {
                lost("connection to the Kubernetes API lost: " + Messages.reason(e));
                throw new Gone("connection to " + pod + " lost: " + Messages.reason(e));
            }
        }
        try {
            stream.awaitReply(timeoutNanos);
        } catch (Gone e) {
            stream.close();
            throw e;
        } catch (IOException e) {
            stream.close();
            if (failure == null && e.getMessage().contains("no answer")) {
                lost("no answer from the kubelet");
            }
            throw e;
        }
        return stream;
    }

    private static Map<String, String> headers(String type, int port, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("streamtype", type);
        headers.put("port", Integer.toString(port));
        headers.put("requestid", requestId);
        return headers;
    }

    void sendData(SpdyStream stream, byte[] b, int off, int len) throws IOException {
        String dead = failure;
        if (dead != null) {
            throw new IOException("port-forward to " + stream.target() + " failed: " + dead);
        }
        try {
            writer.data(stream.dataId, 0, b, off, len);
        } catch (IOException e) {
            String reason = "connection to the Kubernetes API lost: " + Messages.reason(e);
            lost(reason);
            throw new IOException("port-forward to " + stream.target() + " failed: " + reason, e);
        }
    }

    /** The stream is closed by its user: forget it, and reset its data stream at the kubelet. */
    void release(SpdyStream stream) {
        boolean known = streams.remove(stream.dataId) != null;
        streams.remove(stream.errorId);
        if (!known) {
            return;
        }
        synchronized (lock) {
            if (--open == 0) {
                idleSince = System.nanoTime();
            }
        }
        if (failure == null) {
            sendControl(SpdyFrames.Writer.rstStream(stream.dataId, SpdyFrames.CANCEL));
        }
    }

    /** No new streams (their pod may be gone): the connection closes once its streams have. */
    void retire() {
        synchronized (lock) {
            retired = true;
        }
    }

    void readerWaiting(boolean waiting) {
        readerWaiting = waiting;
        if (!waiting) {
            lastReceived = System.nanoTime();
        }
    }

    boolean isUsable() {
        synchronized (lock) {
            return failure == null && !retired;
        }
    }

    /**
     * Every few seconds: pings when silent, ends a connection that stays silent (its streams' reads
     * fail), closes one that is idle or retired with no streams. False once closed.
     */
    boolean check(long now, long idleNanos) {
        if (failure != null) {
            return false;
        }
        synchronized (lock) {
            if (open == 0 && (retired || now - idleSince > idleNanos)) {
                lost("closed");
                return false;
            }
        }
        if (readerWaiting) {
            return true; // our own reader is not reading: silence means nothing
        }
        long silent = now - lastReceived;
        if (silent > DEAD_AFTER_NANOS) {
            lost("no answer from the Kubernetes API for " + TimeUnit.NANOSECONDS.toSeconds(silent) + " s");
            return false;
        }
        if (silent > PING_AFTER_NANOS) {
            int id;
            synchronized (lock) {
                id = nextPingId;
                nextPingId += 2;
            }
            try {
                writer.trySend(SpdyFrames.Writer.ping(id));
            } catch (IOException e) {
                lost("connection to the Kubernetes API lost: " + Messages.reason(e));
                return false;
            }
        }
        return true;
    }

    /** Ends the connection and fails every stream still open with {@code reason}. */
    void close() {
        lost("closed");
    }

    private void lost(String reason) {
        synchronized (lock) {
            if (failure != null) {
                return;
            }
            failure = reason;
        }
        try {
            socket.close();
        } catch (IOException e) {
            // closed anyway
        }
        for (SpdyStream stream : List.copyOf(streams.values())) {
            stream.connectionLost(reason);
        }
        streams.clear();
    }

    /** A control frame from a thread that must not wait for a writer blocked on the network. */
    private void sendControl(byte[] frame) {
        try {
            if (writer.trySend(frame)) {
                return;
            }
        } catch (IOException e) {
            lost("connection to the Kubernetes API lost: " + Messages.reason(e));
            return;
        }
        Threads.start("berth-spdy-control " + pod, () -> {
            try {
                writer.send(frame);
            } catch (IOException e) {
                lost("connection to the Kubernetes API lost: " + Messages.reason(e));
            }
        });
    }

    private void readLoop() {
        SpdyFrames.Handler handler = new SpdyFrames.Handler() {
            @Override
            public void data(int streamId, int flags, byte[] data) {
                lastReceived = System.nanoTime();
                SpdyStream stream = streams.get(streamId);
                if (stream != null) {
                    stream.frame(streamId, flags, data);
                }
            }

            @Override
            public void synStream(int streamId, int flags, Map<String, String> headers) {
                lastReceived = System.nanoTime();
                sendControl(SpdyFrames.Writer.rstStream(streamId, SpdyFrames.PROTOCOL_ERROR));
            }

            @Override
            public void synReply(int streamId, int flags, Map<String, String> headers) {
                lastReceived = System.nanoTime();
                SpdyStream stream = streams.get(streamId);
                if (stream != null && streamId == stream.dataId) {
                    stream.replied();
                }
                if (stream != null && (flags & SpdyFrames.FLAG_FIN) != 0) {
                    stream.frame(streamId, flags, new byte[0]);
                }
            }

            @Override
            public void rstStream(int streamId, int status) {
                lastReceived = System.nanoTime();
                SpdyStream stream = streams.get(streamId);
                if (stream != null) {
                    stream.reset(streamId, status);
                }
            }

            @Override
            public void ping(int id) {
                lastReceived = System.nanoTime();
                if ((id & 1) == 0) { // the server's: answer it; odd ids answer ours
                    sendControl(SpdyFrames.Writer.ping(id));
                }
            }

            @Override
            public void goAway(int lastGoodStreamId, int status) {
                lastReceived = System.nanoTime();
                retire();
            }
        };
        String reason;
        try {
            while (reader.next(handler)) {
                // frames handed over
            }
            reason = "the Kubernetes API closed the connection";
        } catch (IOException e) {
            reason = "connection to the Kubernetes API lost: " + Messages.reason(e);
        } finally {
            reader.end();
        }
        lost(reason);
    }
}
