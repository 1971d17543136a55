package dev.berth.cli.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Copies bytes both ways between two streams, one thread per direction. End of stream on one
 * side half-closes the other, so request/response protocols that close their sending side still
 * get their answer; both ends are closed once both directions have ended, or at once on an error.
 */
final class Splice {

    /** Large enough that a bulk transfer is not dominated by per-read overhead. */
    private static final int BUFFER_SIZE = 128 * 1024;

    private final Duplex a;
    private final Duplex b;
    private final Consumer<String> onError;
    private final Runnable onEnd;
    private final AtomicInteger open = new AtomicInteger(2);

    private Splice(Duplex a, Duplex b, Consumer<String> onError, Runnable onEnd) {
        this.a = a;
        this.b = b;
        this.onError = onError;
        this.onEnd = onEnd;
    }

    /**
     * Starts copying; {@code onError} hears why a direction failed (not plain closes), {@code onEnd}
     * runs once when both ends are closed.
     */
    static void start(String name, Duplex a, Duplex b, Consumer<String> onError, Runnable onEnd) {
        Splice splice = new Splice(a, b, onError, onEnd);
        Threads.start(name + " >", () -> splice.copy(a, b));
        Threads.start(name + " <", () -> splice.copy(b, a));
    }

    private void copy(Duplex from, Duplex to) {
        byte[] buffer = new byte[BUFFER_SIZE];
        try {
            InputStream in = from.input();
            OutputStream out = to.output();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
            finishDirection();
        } catch (IOException e) {
            if (open.get() > 0 && e.getMessage() != null && !isPlainClose(e)) {
                onError.accept(e.getMessage());
            }
            closeBoth();
        }
    }

    private void finishDirection() {
        if (open.decrementAndGet() == 0) {
            closeBoth();
        }
    }

    private void closeBoth() {
        if (open.getAndSet(-1) >= 0) {
            a.close();
            b.close();
            onEnd.run();
        }
    }

    /** A socket closed by the other direction or a peer reset is how connections end, not worth a line. */
    private static boolean isPlainClose(IOException e) {
        String message = e.getMessage();
        return message.equals("Socket closed") || message.equals("Stream closed")
                || message.contains("Connection reset") || message.contains("Broken pipe")
                || message.equals("Socket output is already shutdown");
    }
}
