package dev.berth.cli.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Digests of files this berth process hashed already, trusted while the file's size, mtime and
 * identity (inode) are unchanged, as git's index does: a script reading the same tree again
 * re-hashes only what changed. A file modified within {@link #RACY} of being hashed is hashed
 * again next time, since a change in the same clock tick would leave its mtime as it was.
 */
final class HashCache {

    static final java.time.Duration RACY = java.time.Duration.ofSeconds(2);
    private static final HashCache PROCESS = new HashCache();

    private record Stamp(long size, Instant modified, Object key) {
    }

    private record Known(Stamp stamp, String digest, Instant hashedAt) {
    }

    private final Map<Path, Known> known = new ConcurrentHashMap<>();

    static HashCache process() {
        return PROCESS;
    }

    /** The file's stamp now, to look up before hashing and record with the digest after. */
    static Object stamp(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new Stamp(a.size(), a.lastModifiedTime().toInstant(), a.fileKey());
    }

    /** The digest recorded for this file if it has not changed since, else null. */
    String lookup(Path file, Object stamp) {
        Known k = known.get(file);
        if (k == null || !k.stamp().equals(stamp)) {
            return null;
        }
        boolean racy = !k.stamp().modified().isBefore(k.hashedAt().minus(RACY));
        return racy ? null : k.digest();
    }

    void record(Path file, Object stamp, String digest, Instant hashingStarted) {
        known.put(file, new Known((Stamp) Objects.requireNonNull(stamp), digest, hashingStarted));
    }
}
