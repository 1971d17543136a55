package dev.berth.engine.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's content-addressed file store (docs/files.md): blobs on local disk named by their
 * SHA-256, trees stored as blobs of their canonical JSON. Shared by all sessions, so content is
 * held once whoever sends it; writes go to a temporary file and are renamed into place once
 * their digest is checked, so a reader never sees half a blob.
 */
public final class FileStore {

    /** Most entries and bytes one directory may have (docs/files.md). */
    public static final int MAX_ENTRIES = 200_000;
    public static final long MAX_TOTAL_BYTES = 4L * 1024 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CACHED_TREES = 64;

    private final Path blobs;
    private final Path incoming;
    private final AtomicLong blobsWritten = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final Map<String, Tree> trees = new LinkedHashMap<>(CACHED_TREES, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Tree> eldest) {
            return size() > CACHED_TREES;
        }
    };

    private FileStore(Path root) throws IOException {
        this.blobs = Files.createDirectories(root.resolve("blobs"));
        this.incoming = Files.createDirectories(root.resolve("incoming"));
    }

    public static FileStore at(Path root) {
        try {
            return new FileStore(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the file store at " + root, e);
        }
    }

    private static FileStore shared;

    /** One temporary store per process: for an engine given none (outside the cluster, tests). */
    public static synchronized FileStore processDefault() {
        if (shared == null) {
            shared = temporary();
        }
        return shared;
    }

    /** A store in a new temporary directory (an engine outside the cluster, tests). */
    public static FileStore temporary() {
        try {
            return at(Files.createTempDirectory("berth-files-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file store", e);
        }
    }

    private Path path(String digest) {
        if (!Blobs.isDigest(digest)) {
            throw new FilesException("\"" + digest + "\" is not a SHA-256 digest");
        }
        return blobs.resolve(digest.substring(0, 2)).resolve(digest);
    }

    public boolean has(String digest) {
        return Files.exists(path(digest));
    }

    /** Of {@code digests}, those not held, each once, in order. */
    public Set<String> missing(Collection<String> digests) {
        Set<String> out = new LinkedHashSet<>();
        for (String d : digests) {
            if (!out.contains(d) && !has(d)) {
                out.add(d);
            }
        }
        return out;
    }

    /**
     * Stores exactly {@code size} bytes from {@code in}; with {@code expected}, refuses content of
     * another digest. Returns the digest.
     */
    public String put(InputStream in, long size, String expected) throws IOException {
        Path temp = Files.createTempFile(incoming, "blob-", ".part");
        try {
            MessageDigest sha = Blobs.sha256();
            long copied;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), sha)) {
                copied = in.transferTo(out);
            }
            if (copied != size) {
                throw new FilesException("a blob of " + size + " bytes arrived with " + copied);
            }
            String digest = Blobs.hex(sha);
            if (expected != null && !expected.equals(digest)) {
                throw new FilesException("a blob sent as " + expected + " has the digest " + digest
                        + " (changed while it was sent?)");
            }
            Path target = path(digest);
            if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                    blobsWritten.incrementAndGet();
                    bytesWritten.addAndGet(size);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    // another upload of the same content won: it is the same bytes
                }
            }
            return digest;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public String putBytes(byte[] content) {
        try {
            return put(new java.io.ByteArrayInputStream(content), content.length, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the file store", e);
        }
    }

    public InputStream open(String digest) {
        try {
            return Files.newInputStream(path(digest));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new FilesException("the engine no longer holds the content " + digest
                    + " (its operator restarted?): read the files again");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A blob's bytes; refuses blobs larger than {@code max}. */
    public byte[] read(String digest, long max) {
        try {
            long size = Files.size(path(digest));
            if (size > max) {
                throw new FilesException("the content is " + size + " bytes, more than the " + max + " read at once");
            }
        } catch (java.nio.file.NoSuchFileException e) {
            open(digest); // throws the explanation
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (InputStream in = open(digest)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores the tree's listing; its name is {@link Tree#digest()}. */
    public String putTree(Tree tree) {
        String digest = putBytes(tree.toJson());
        synchronized (trees) {
            trees.put(digest, tree);
        }
        return digest;
    }

    public Tree tree(String digest) {
        synchronized (trees) {
            Tree cached = trees.get(digest);
            if (cached != null) {
                return cached;
            }
        }
        Tree tree;
        try {
            tree = Tree.fromJson(JSON.readTree(read(digest, 512L * 1024 * 1024)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        synchronized (trees) {
            trees.put(digest, tree);
        }
        return tree;
    }

    /** Blobs written since start: what an unchanged re-upload leaves as it was. */
    public long blobsWritten() {
        return blobsWritten.get();
    }

    public long bytesWritten() {
        return bytesWritten.get();
    }

    /** Refuses a listing over the limits before any content is sent. */
    public static void checkLimits(Tree tree, String what) {
        if (tree.size() > MAX_ENTRIES) {
            throw new FilesException(what + " has " + tree.size() + " entries; Berth takes at most " + MAX_ENTRIES);
        }
        if (tree.totalBytes() > MAX_TOTAL_BYTES) {
            throw new FilesException(what + " has " + tree.totalBytes() + " bytes; Berth takes at most "
                    + MAX_TOTAL_BYTES + " (4 GiB)");
        }
    }
}
