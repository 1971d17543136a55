package dev.berth.cli.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The body of {@code POST .../blobs}: a bundle of {@code b} records, read from the files as the
 * HTTP client pulls it, so no more than a buffer is in memory whatever the size. The digests
 * were taken before; a file whose size is not the one hashed anymore fails the upload (the API
 * would refuse its content anyway: it checks every digest).
 */
final class BlobStream extends InputStream {

    private final String given;
    private final List<ManifestEntry> blobs;
    private final UploadProgress progress;
    private final BooleanSupplier cancelled;
    private int next;
    private byte[] header;
    private int headerAt;
    private ManifestEntry current;
    private InputStream file;
    private long remaining;
    private boolean ended;
    private volatile TransferException failure;

    BlobStream(String given, List<ManifestEntry> blobs, UploadProgress progress, BooleanSupplier cancelled) {
        this.given = given;
        this.blobs = blobs;
        this.progress = progress;
        this.cancelled = cancelled;
    }

    /** The body's exact length: every header, every content and the end record. */
    static long length(List<ManifestEntry> blobs) {
        long length = Bundle.END.header().length;
        for (ManifestEntry blob : blobs) {
            length += Bundle.blob(blob.digest(), blob.size()).header().length + blob.size();
        }
        return length;
    }

    /** Why the stream failed, if it did (the HTTP client reports it wrapped, or not at all). */
    TransferException failure() {
        return failure;
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
        while (true) {
            if (cancelled.getAsBoolean()) {
                throw fail("cannot upload " + given + ": berth is shutting down");
            }
            if (header != null && headerAt < header.length) {
                int n = Math.min(length, header.length - headerAt);
                System.arraycopy(header, headerAt, buffer, offset, n);
                headerAt += n;
                return n;
            }
            if (file != null) {
                if (remaining > 0) {
                    int n = file.read(buffer, offset, (int) Math.min(length, remaining));
                    if (n < 0) {
                        throw changed();
                    }
                    remaining -= n;
                    progress.sent(n);
                    return n;
                }
                boolean longer = file.read() >= 0;
                file.close();
                file = null;
                if (longer) {
                    throw changed();
                }
            }
            if (!advance()) {
                return -1;
            }
        }
    }

    /** Moves to the next record; false once the end record has been read. */
    private boolean advance() throws IOException {
        if (next < blobs.size()) {
            current = blobs.get(next++);
            header = Bundle.blob(current.digest(), current.size()).header();
            headerAt = 0;
            try {
                file = Files.newInputStream(current.source());
            } catch (NoSuchFileException e) {
                throw fail("cannot upload " + given + ": " + current.source() + " was deleted while it was being "
                        + "uploaded; try again once nothing changes it");
            } catch (IOException e) {
                throw fail("cannot upload " + given + ": cannot read " + current.source() + " ("
                        + SessionApi.reason(e) + ")");
            }
            remaining = current.size();
            return true;
        }
        if (!ended) {
            ended = true;
            header = Bundle.END.header();
            headerAt = 0;
            return true;
        }
        return false;
    }

    private TransferException changed() {
        String now;
        try {
            now = Files.size(current.source()) + " bytes now";
        } catch (IOException e) {
            now = "unreadable now";
        }
        return fail("cannot upload " + given + ": " + current.source() + " changed while it was being uploaded ("
                + current.size() + " bytes when hashed, " + now + "); try again once nothing writes to it");
    }

    private TransferException fail(String message) {
        TransferException exception = new TransferException(message);
        failure = exception;
        return exception;
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            file.close();
            file = null;
        }
    }
}
