package dev.berth.cli.files;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The user's view of a large upload: a line at most once a second while it sends, and one at
 * the end. Small uploads are silent (most are: the store usually has most blobs already).
 */
final class UploadProgress {

    /** Uploads sending at most this much print nothing. */
    static final long QUIET_UP_TO = 8L << 20;
    private static final long EVERY_NANOS = 1_000_000_000L;

    private final String given;
    private final long files;
    private final long bytes;
    private final long toSend;
    private final Consumer<String> stderr;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private long lastPrintNanos;
    private long sent;

    UploadProgress(String given, long files, long bytes, long toSend, Consumer<String> stderr, LongSupplier nanoTime) {
        this.given = given;
        this.files = files;
        this.bytes = bytes;
        this.toSend = toSend;
        this.stderr = stderr;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
        this.lastPrintNanos = startNanos;
    }

    private boolean loud() {
        return toSend > QUIET_UP_TO;
    }

    /** {@code n} more content bytes went out (called by the one thread reading the body). */
    void sent(long n) {
        sent += n;
        if (!loud()) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (now - lastPrintNanos >= EVERY_NANOS) {
            lastPrintNanos = now;
            stderr.accept("uploading " + given + ": " + tree() + " (" + Sizes.human(sent) + " of "
                    + Sizes.human(toSend) + " sent)");
        }
    }

    void done() {
        if (loud()) {
            double seconds = (nanoTime.getAsLong() - startNanos) / 1e9;
            stderr.accept("uploaded " + given + ": " + tree() + " (" + Sizes.human(sent) + " sent) in "
                    + String.format(Locale.ROOT, "%.1f s", seconds));
        }
    }

    private String tree() {
        return files + (files == 1 ? " file, " : " files, ") + Sizes.human(bytes);
    }
}
