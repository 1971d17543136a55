package dev.berth.cli.host;

import io.fabric8.kubernetes.client.http.WebSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;

/**
 * One TCP stream to a pod over Kubernetes' port-forward WebSocket ({@code v4.channel.k8s.io}):
 * binary frames whose first byte is the channel (0 data, 1 error); the first frame on each
 * channel carries the port (2 bytes, little-endian). Flow control both ways, with large windows:
 * more frames are requested only while less than {@link #RECEIVE_WINDOW} bytes wait to be read,
 * and a write waits while more than {@link #SEND_WINDOW} bytes are queued in the client.
 */
final class PortForwardStream implements Duplex, WebSocket.Listener {

    static final int DATA = 0;
    static final int ERROR = 1;

    /** Payload per frame we send; frames are copied once more by the client, so not too large. */
    private static final int MAX_FRAME_PAYLOAD = 64 * 1024;
    private static final long SEND_WINDOW = 2L << 20;
    private static final long RECEIVE_WINDOW = 4L << 20;

    private final String target;
    private final Object lock = new Object();
    private final ArrayDeque<ByteBuffer> received = new ArrayDeque<>();
    private final StringBuilder errorText = new StringBuilder();
    private final boolean[] portSeen = new boolean[2];
    private long receivedBytes;
    private boolean requestWithheld;
    private boolean ended;
    private String failure;
    private volatile boolean closed;
    private volatile WebSocket webSocket;

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

    /** {@code target} names the pod and port in messages, e.g. {@code ns/pod:8080}. */
    PortForwardStream(String target) {
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

    /** The v4 protocol has no half-close: the pod's side ends the stream (or close() does). */
    @Override
    public void shutdownOutput() {
    }

    @Override
    public void close() {
        closed = true;
        WebSocket ws = webSocket;
        if (ws != null) {
            ws.sendClose(1000, "");
        }
        synchronized (lock) {
            received.clear();
            lock.notifyAll();
        }
    }

    @Override
    public String toString() {
        return target;
    }

    @Override
    public void onOpen(WebSocket ws) {
        webSocket = ws;
    }

    @Override
    public void onMessage(WebSocket ws, ByteBuffer frame) {
        if (!frame.hasRemaining()) {
            ws.request();
            return;
        }
        int channel = frame.get() & 0xff;
        if (channel != DATA && channel != ERROR) {
            fail("port-forward to " + target + " failed: unexpected channel " + channel);
            ws.sendClose(1002, "unexpected channel");
            return;
        }
        if (!portSeen[channel]) {
            // The first frame of a channel starts with the port it is for.
            portSeen[channel] = true;
            frame.position(Math.min(frame.limit(), frame.position() + 2));
        }
        if (channel == ERROR) {
            if (frame.hasRemaining()) {
                errorText.append(StandardCharsets.UTF_8.decode(frame));
                fail("port-forward to " + target + " failed: " + errorText.toString().trim());
            }
            ws.request();
            return;
        }
        boolean requestMore;
        synchronized (lock) {
            if (frame.hasRemaining() && !closed) {
                received.add(frame);
                receivedBytes += frame.remaining();
                lock.notifyAll();
            }
            requestMore = receivedBytes < RECEIVE_WINDOW;
            requestWithheld = !requestMore;
        }
        if (requestMore) {
            ws.request();
        }
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason) {
        synchronized (lock) {
            ended = true;
            if (failure == null && code != 1000 && reason != null && !reason.isBlank()) {
                failure = "port-forward to " + target + " closed: " + reason;
            }
            lock.notifyAll();
        }
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        fail("port-forward to " + target + " failed: " + Messages.reason(error));
        synchronized (lock) {
            ended = true;
            lock.notifyAll();
        }
    }

    private void fail(String message) {
        synchronized (lock) {
            if (failure == null) {
                failure = message;
            }
            lock.notifyAll();
        }
    }

    /** Bytes received first, then the error (if any), then end of stream. */
    private int receive(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n;
        boolean requestMore = false;
        synchronized (lock) {
            while (received.isEmpty() && !ended && failure == null && !closed) {
                try {
                    lock.wait();
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
                return -1;
            }
            ByteBuffer head = received.peek();
            n = Math.min(len, head.remaining());
            head.get(b, off, n);
            if (!head.hasRemaining()) {
                received.poll();
            }
            receivedBytes -= n;
            if (requestWithheld && receivedBytes < RECEIVE_WINDOW) {
                requestWithheld = false;
                requestMore = true;
            }
        }
        if (requestMore) {
            webSocket.request();
        }
        return n;
    }

    private void send(byte[] b, int off, int len) throws IOException {
        WebSocket ws = webSocket;
        while (len > 0) {
            checkWritable();
            int n = Math.min(len, MAX_FRAME_PAYLOAD);
            ByteBuffer frame = ByteBuffer.allocate(n + 1);
            frame.put((byte) DATA).put(b, off, n).flip();
            ws.send(frame);
            off += n;
            len -= n;
        }
        // The client's queue is unbounded: wait here so a fast writer cannot fill the heap.
        while (ws.queueSize() > SEND_WINDOW) {
            checkWritable();
            LockSupport.parkNanos(100_000);
        }
    }

    private void checkWritable() throws IOException {
        synchronized (lock) {
            if (failure != null) {
                throw new IOException(failure);
            }
            if (closed || ended) {
                throw new IOException("port-forward to " + target + " closed");
            }
        }
    }
}
