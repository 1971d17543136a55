package dev.berth.operator.api.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A request body as a blocking {@link InputStream} for a worker thread, with backpressure: the
 * request is paused while {@link #HIGH} chunks wait and resumed when few do. Lets a large upload
 * be checked and stored as it arrives, not first written whole to a temporary file.
 */
final class RequestBodyStream extends InputStream {

    static final int HIGH = 64;
    static final int LOW = 16;
    /** A client that stops sending mid-body for this long is given up on. */
    static final long STALL_SECONDS = 120;
    private static final Object END = new Object();

    private final HttpServerRequest request;
    private final LinkedBlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private Buffer current;
    private int position;
    private boolean ended;

    /** Call on the request's event loop, before the request is resumed. */
    RequestBodyStream(HttpServerRequest request) {
        this.request = request;
        request.handler(chunk -> {
            chunks.add(chunk);
            if (waiting.incrementAndGet() >= HIGH) {
                request.pause();
            }
        });
        request.endHandler(v -> chunks.add(END));
        request.exceptionHandler(chunks::add);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (current == null || position == current.length()) {
            if (ended) {
                return -1;
            }
            Object next;
            try {
                next = chunks.poll(STALL_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the request body");
            }
            if (next == null) {
                throw new IOException("the client sent nothing for " + STALL_SECONDS + " s");
            }
            if (next == END) {
                ended = true;
                return -1;
            }
            if (next instanceof Throwable failure) {
                throw new IOException("the request body broke off: " + failure.getMessage(), failure);
            }
            if (waiting.decrementAndGet() == LOW) {
                request.resume();
            }
            current = (Buffer) next;
            position = 0;
        }
        int n = Math.min(length, current.length() - position);
        current.getBytes(position, position + n, buffer, offset);
        position += n;
        return n;
    }
}
