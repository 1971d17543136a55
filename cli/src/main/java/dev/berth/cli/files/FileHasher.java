package dev.berth.cli.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * SHA-256 of every file of a listing, streamed. A large tree is hashed by a few threads: one
 * disk and core are often not saturated by one reader, and more than 4 only contend.
 */
final class FileHasher {

    /** Below this much, one thread is as fast as starting a pool. */
    private static final long PARALLEL_FROM_BYTES = 16 << 20;
    private static final int PARALLEL_FROM_FILES = 64;

    private FileHasher() {
    }

    /** The entries with each file's digest and the size actually read. */
    static List<ManifestEntry> hash(String given, List<ManifestEntry> entries, long totalBytes) throws IOException {
        long files = entries.stream().filter(ManifestEntry::isFile).count();
        if (files < PARALLEL_FROM_FILES && totalBytes < PARALLEL_FROM_BYTES) {
            List<ManifestEntry> hashed = new ArrayList<>(entries.size());
            for (ManifestEntry entry : entries) {
                hashed.add(entry.isFile() ? hashOne(given, entry) : entry);
            }
            return hashed;
        }
        int threads = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "berth-hash");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<ManifestEntry>> futures = new ArrayList<>(entries.size());
            for (ManifestEntry entry : entries) {
                futures.add(entry.isFile() ? pool.submit(() -> hashOne(given, entry))
                        : java.util.concurrent.CompletableFuture.completedFuture(entry));
            }
            List<ManifestEntry> hashed = new ArrayList<>(entries.size());
            for (Future<ManifestEntry> future : futures) {
                hashed.add(future.get());
            }
            return hashed;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransferException("cannot upload " + given + ": interrupted while hashing");
        } finally {
            pool.shutdownNow();
        }
    }

    private static ManifestEntry hashOne(String given, ManifestEntry entry) throws IOException {
        java.time.Instant started = java.time.Instant.now();
        Object stamp;
        try {
            stamp = HashCache.stamp(entry.source());
        } catch (IOException e) {
            stamp = null; // reading it below says what is wrong
        }
        if (stamp != null) {
            String known = HashCache.process().lookup(entry.source(), stamp);
            if (known != null) {
                return entry.hashed(known, Files.size(entry.source()));
            }
        }
        MessageDigest sha256 = sha256();
        byte[] buffer = new byte[128 * 1024];
        long size = 0;
        try (InputStream in = Files.newInputStream(entry.source())) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                sha256.update(buffer, 0, n);
                size += n;
            }
        } catch (NoSuchFileException e) {
            throw new TransferException("cannot upload " + given + ": " + entry.source()
                    + " was deleted while it was being read");
        } catch (AccessDeniedException e) {
            throw new TransferException("cannot upload " + given + ": cannot read " + entry.source()
                    + " (permission denied); leave it out with exclude");
        } catch (IOException e) {
            throw new TransferException("cannot upload " + given + ": cannot read " + entry.source() + " ("
                    + SessionApi.reason(e) + ")", e);
        }
        // the size read is the one hashed: a file that grew since the listing is sent as hashed
        String digest = HexFormat.of().formatHex(sha256.digest());
        if (stamp != null && stamp.equals(HashCache.stamp(entry.source()))) {
            HashCache.process().record(entry.source(), stamp, digest, started);
        }
        return entry.hashed(digest, size);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
