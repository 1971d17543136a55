package dev.berth.cli.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashCacheTest {

    @TempDir
    Path dir;

    @Test
    void aDigestIsReusedOnlyWhileTheFileIsUnchangedAndWasNotJustWritten() throws Exception {
        Path file = dir.resolve("f");
        Files.writeString(file, "one");
        HashCache cache = new HashCache();
        Object fresh = HashCache.stamp(file);
        cache.record(file, fresh, "d1", Instant.now());
        assertNull(cache.lookup(file, fresh), "modified within the racy window: hashed again");

        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
        Object settled = HashCache.stamp(file);
        cache.record(file, settled, "d1", Instant.now());
        assertEquals("d1", cache.lookup(file, HashCache.stamp(file)));

        Files.writeString(file, "two"); // same size, new mtime
        assertNull(cache.lookup(file, HashCache.stamp(file)), "a changed file is hashed again");
    }
}
