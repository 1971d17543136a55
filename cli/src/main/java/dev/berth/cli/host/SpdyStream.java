package dev.berth.cli.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * One TCP stream to a pod over a {@link SpdyConnection}: a pair of SPDY streams, {@code error}
 * (the kubelet's reason, if any) and {@code data} (the bytes). Reads give the bytes received, then
 * the error (if any), then the end; a lost connection fails them. Writes block while the
 * connection's socket does.
 */
final class SpdyStream implements Duplex {

    /** Bytes received and not yet read beyond which the connection's reader waits (no SPDY flow control). */
    static final long RECEIVE_LIMIT = 4L << 20;

    /**
     * How long the end of the data stream waits for the end of the error stream: containerd ends the
     * data stream first and writes its reason after.
     */
    static final long ERROR_GRACE_NANOS = 5_000_000_000L;

    final int errorId;
    final int dataId;
    private final String target;
    private final SpdyConnection connection;
    private final Object lock = new Object();
    private final ArrayDeque<byte[]> received = new ArrayDeque<>();
    private final ByteArrayOutputStream errorText = new ByteArrayOutputStream();
    private int headOffset;
    private long queued;
    private boolean replied;
    private boolean ended;
    private long endedAt;
    private boolean errorEnded;
    private int resetStatus = -1;
    private boolean connectionLost;
    private String failure;
    private volatile boolean closed;

    private final InputStream input = new InputStream() {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return receive(b, off, len);
        }

        @Override
        public int available() {
            synchronized (lock) {
                return (int) Math.min(Integer.MAX_VALUE, queued);
            }
        }
    };

    private final OutputStream output = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            send(b, off, len);
        }
    };

    SpdyStream(SpdyConnection connection, int errorId, int dataId, String target) {
        this.connection = connection;
        this.errorId = errorId;
        this.dataId = dataId;
        this.target = target;
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    /**
     * A no-op: containerd closes the pod's socket both ways within a second of a FIN on the data
     * stream, which would cut off answers still on their way. The pod's side ends the stream, or close().
     */
    @Override
    public void shutdownOutput() {
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            received.clear();
            queued = 0;
            lock.notifyAll();
        }
        connection.release(this);
    }

    @Override
    public String toString() {
        return target;
    }

    // --- from the connection's reader thread

    /** A data frame of either stream; may wait while too much is unread. */
    void frame(int streamId, int flags, byte[] data) {
        boolean fin = (flags & SpdyFrames.FLAG_FIN) != 0;
        if (streamId == errorId) {
            if (data.length > 0) {
                connection.retire(); // its pod may be gone: new streams get a new connection
            }
            synchronized (lock) {
                if (data.length > 0) {
                    errorText.writeBytes(data);
                    failure = "port-forward to " + target + " failed: "
                            + errorText.toString(StandardCharsets.UTF_8).trim();
                }
                if (fin) {
                    errorEnded = true;
                }
                lock.notifyAll();
            }
            return;
        }
        synchronized (lock) {
            if (data.length > 0 && !closed) {
                received.add(data);
                queued += data.length;
            }
            if (fin) {
                end();
            }
            lock.notifyAll();
            if (queued > RECEIVE_LIMIT) {
                connection.readerWaiting(true);
                try {
                    while (queued > RECEIVE_LIMIT && !closed && !connectionLost) {
                        lock.wait();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    connection.readerWaiting(false);
                }
            }
        }
    }

    void replied() {
        synchronized (lock) {
            replied = true;
            lock.notifyAll();
        }
    }

    /** RST_STREAM: of the error stream, its end; of the data stream, a failure unless the error stream says why. */
    void reset(int streamId, int status) {
        synchronized (lock) {
            if (streamId == errorId) {
                errorEnded = true;
            } else if (!ended) {
                resetStatus = status;
                end();
            }
            lock.notifyAll();
        }
    }

    void connectionLost(String reason) {
        synchronized (lock) {
            if (failure == null && (!ended || !errorEnded)) {
                failure = "port-forward to " + target + " failed: " + reason;
            }
            connectionLost = true;
            end();
            errorEnded = true;
            lock.notifyAll();
        }
    }

    private void end() {
        if (!ended) {
            ended = true;
            endedAt = System.nanoTime();
        }
    }

    /** The data stream ended and the error stream has said all it will (or was given time to). */
    private boolean finished() {
        return ended && (errorEnded || System.nanoTime() - endedAt > ERROR_GRACE_NANOS);
    }

    // --- from the thread that opens the stream

    /**
     * Waits for the kubelet's answer to the data stream (or its reason to refuse it). Throws
     * {@link SpdyConnection.Gone} when the connection died first: a new one may do better.
     */
    void awaitReply(long timeoutNanos) throws IOException {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (lock) {
            while (!replied && failure == null && !ended && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("port-forward to " + target + " failed: no answer from the kubelet within "
                            + timeoutNanos / 1_000_000_000L + " s");
                }
                try {
                    lock.wait(left / 1_000_000L + 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("port-forward to " + target + " interrupted", e);
                }
            }
            if (connectionLost && !replied) {
                throw new SpdyConnection.Gone(failure);
            }
            if (!replied && failure != null && errorText.size() == 0) {
                throw new IOException(failure);
            }
        }
    }

    // --- from the threads that use the Duplex

    private int receive(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        synchronized (lock) {
            while (received.isEmpty() && failure == null && !closed && !finished()) {
                try {
                    if (ended) {
                        lock.wait(Math.max(1, (ERROR_GRACE_NANOS - (System.nanoTime() - endedAt)) / 1_000_000));
                    } else {
                        lock.wait();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            if (closed) {
                throw new IOException("Stream closed");
            }
            if (received.isEmpty()) {
                if (failure != null) {
                    throw new IOException(failure);
                }
                if (resetStatus >= 0) {
                    throw new IOException("port-forward to " + target + " failed: the kubelet reset the stream "
                            + "(SPDY status " + resetStatus + ")");
                }
                return -1;
            }
            byte[] head = received.peek();
            int n = Math.min(len, head.length - headOffset);
            System.arraycopy(head, headOffset, b, off, n);
            headOffset += n;
            if (headOffset == head.length) {
                received.poll();
                headOffset = 0;
            }
            boolean wasFull = queued > RECEIVE_LIMIT;
            queued -= n;
            if (wasFull && queued <= RECEIVE_LIMIT) {
                lock.notifyAll();
            }
            return n;
        }
    }

    private void send(byte[] b, int off, int len) throws IOException {
        synchronized (lock) {
            // the pod's side ended: containerd's reason, if any, follows on the error stream
            while (ended && failure == null && !closed && !finished()) {
                try {
                    lock.wait(Math.max(1, (ERROR_GRACE_NANOS - (System.nanoTime() - endedAt)) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            if (failure != null) {
                throw new IOException(failure);
            }
            if (closed || ended) {
                throw new IOException("port-forward to " + target + " closed");
            }
        }
        if (len > 0) {
            connection.sendData(this, b, off, len);
        }
    }

    String target() {
        return target;
    }
}
