package dev.berth.cli.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes a bundle. A content's length is part of its header, so a source that yields more or
 * fewer bytes than announced fails the write instead of corrupting the stream.
 */
public final class BundleWriter implements AutoCloseable {

    private final OutputStream out;
    private final byte[] buffer = new byte[64 * 1024];
    private boolean ended;

    public BundleWriter(OutputStream out) {
        this.out = out;
    }

    /** A directory, link or end record (no content). */
    public void write(Bundle record) throws IOException {
        if (record.hasContent()) {
            throw new IllegalArgumentException("record with content written without it: " + record);
        }
        out.write(record.header());
        ended = record.kind() == Bundle.Kind.END;
    }

    /** A file or blob record followed by exactly {@code record.size()} bytes of {@code content}. */
    public void write(Bundle record, InputStream content) throws IOException {
        if (!record.hasContent()) {
            throw new IllegalArgumentException("record without content written with one: " + record);
        }
        out.write(record.header());
        long left = record.size();
        while (left > 0) {
            int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("content of " + name(record) + " ended " + left + " bytes short of its "
                        + record.size() + " bytes");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
        if (content.read() >= 0) {
            throw new IOException("content of " + name(record) + " is longer than its " + record.size() + " bytes");
        }
    }

    /** Writes the end record. */
    public void end() throws IOException {
        write(Bundle.END);
        out.flush();
    }

    public boolean ended() {
        return ended;
    }

    private static String name(Bundle record) {
        return record.path() != null ? record.path() : record.digest();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
