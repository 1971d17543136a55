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
 * their digest is checked, so a reader never sees half a blob. Past its byte budget the store
 * drops the blobs used least recently (each use touches a blob's mtime), so the disk it lives on
 * never fills; a directory whose content was dropped must be read again (the error says so).
 */
public final class FileStore {

    /** Most entries and bytes one directory may have (docs/files.md). */
    public static final int MAX_ENTRIES = 200_000;
    public static final long MAX_TOTAL_BYTES = 4L * 1024 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CACHED_TREES = 64;

    /** Blobs used this recently are never dropped: an upload or a delivery may be using them. */
    static final java.time.Duration IN_USE = java.time.Duration.ofMinutes(10);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FileStore.class);

    private final Path blobs;
    private final Path incoming;
    private final long budgetBytes;
    private final AtomicLong heldBytes = new AtomicLong();
    private final AtomicLong blobsWritten = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final Map<String, Tree> trees = new LinkedHashMap<>(CACHED_TREES, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Tree> eldest) {
            return size() > CACHED_TREES;
        }
    };

    private FileStore(Path root, long budgetBytes) throws IOException {
        this.blobs = Files.createDirectories(root.resolve("blobs"));
        this.incoming = Files.createDirectories(root.resolve("incoming"));
        this.budgetBytes = budgetBytes;
        try (var files = Files.walk(blobs)) {
            heldBytes.set(files.filter(Files::isRegularFile).mapToLong(FileStore::sizeOf).sum());
        }
    }

    /** A store without a byte budget. */
    public static FileStore at(Path root) {
        return at(root, Long.MAX_VALUE);
    }

    /** A store that keeps at most about {@code budgetBytes} (least recently used blobs go first). */
    public static FileStore at(Path root, long budgetBytes) {
        try {
            return new FileStore(root, budgetBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the file store at " + root, e);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Bytes of blobs held now. */
    public long heldBytes() {
        return heldBytes.get();
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

    /** True if held; a use, so it is kept the longest. */
    public boolean has(String digest) {
        return touch(path(digest));
    }

    private static boolean touch(Path blob) {
        try {
            Files.setLastModifiedTime(blob, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
            return true;
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return Files.exists(blob);
        }
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
                    if (heldBytes.addAndGet(size) > budgetBytes) {
                        evict();
                    }
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    // another upload of the same content won: it is the same bytes
                }
            } else {
                touch(target);
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
            touch(path(digest));
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

    /**
     * Drops the least recently used blobs until the store holds 80 % of its budget, sparing those
     * used in the last {@link #IN_USE}.
     */
    private synchronized void evict() {
        if (heldBytes.get() <= budgetBytes) {
            return; // another thread evicted meanwhile
        }
        record Held(Path path, long size, long used) {
        }
        java.util.List<Held> held = new java.util.ArrayList<>();
        try (var files = Files.walk(blobs)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                try {
                    var attributes = Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class);
                    held.add(new Held(f, attributes.size(), attributes.lastModifiedTime().toMillis()));
                } catch (IOException e) {
                    // gone meanwhile
                }
            });
        } catch (IOException e) {
            LOG.warn("file store: cannot list blobs to make room: {}", e.toString());
            return;
        }
        held.sort(java.util.Comparator.comparingLong(Held::used));
        long target = budgetBytes / 10 * 8;
        long spareAfter = System.currentTimeMillis() - IN_USE.toMillis();
        long dropped = 0;
        int count = 0;
        for (Held h : held) {
            if (heldBytes.get() <= target || h.used() > spareAfter) {
                break;
            }
            try {
                if (Files.deleteIfExists(h.path())) {
                    heldBytes.addAndGet(-h.size());
                    dropped += h.size();
                    count++;
                }
            } catch (IOException e) {
                LOG.debug("file store: cannot drop {}: {}", h.path(), e.toString());
            }
        }
        synchronized (trees) {
            trees.clear(); // a cached tree may name dropped content; reading it again checks
        }
        LOG.info("file store: over its budget of {} bytes, dropped {} least recently used blobs ({} bytes); "
                + "{} bytes held", budgetBytes, count, dropped, heldBytes.get());
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
