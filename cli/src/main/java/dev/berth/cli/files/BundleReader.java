package dev.berth.cli.files;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a bundle record by record. A file's or blob's content is read from {@link #content()}
 * before the next {@link #next()} (which skips what was left). A stream that stops before
 * {@code {"end":true}}, or inside a header or a content, is truncated: an {@link EOFException}.
 */
public final class BundleReader implements AutoCloseable {

    /** A header line longer than this is not a header (paths are at most a few KiB). */
    static final int MAX_HEADER = 64 * 1024;

    private final InputStream in;
    private Bundle current;
    private long remaining;
    private boolean ended;

    public BundleReader(InputStream in) {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 64 * 1024);
    }

    /** The next record; {@link Bundle#END} once, then an IllegalStateException. */
    public Bundle next() throws IOException {
        if (ended) {
            throw new IllegalStateException("the bundle has ended");
        }
        skipContent();
        current = Bundle.parse(readLine());
        remaining = current.hasContent() ? current.size() : 0;
        ended = current.kind() == Bundle.Kind.END;
        return current;
    }

    /** The current record's content: exactly its size, then end of stream. */
    public InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(buffer, offset, (int) Math.min(length, remaining));
                if (n < 0) {
                    throw truncated("inside the content of " + describe(current));
                }
                remaining -= n;
                return n;
            }
        };
    }

    private void skipContent() throws IOException {
        while (remaining > 0) {
            long skipped = in.skip(remaining);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw truncated("inside the content of " + describe(current));
                }
                skipped = 1;
            }
            remaining -= skipped;
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw truncated(line.size() == 0 ? "before its end record" : "inside a record header");
            }
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_HEADER) {
                throw new IOException("bad bundle: a record header longer than " + MAX_HEADER + " bytes");
            }
            line.write(b);
        }
    }

    private static EOFException truncated(String where) {
        return new EOFException("truncated bundle: the stream stopped " + where);
    }

    private static String describe(Bundle record) {
        return record.kind() == Bundle.Kind.BLOB ? "blob " + record.digest() : record.path();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
