package dev.berth.engine.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreTest {

    @TempDir
    Path root;

    @Test
    void contentIsStoredOnceUnderItsDigest() {
        FileStore store = FileStore.at(root);
        String digest = store.putBytes("hello".getBytes(StandardCharsets.UTF_8));
        assertEquals(Blobs.of("hello".getBytes(StandardCharsets.UTF_8)), digest);
        store.putBytes("hello".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, store.blobsWritten());
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), store.read(digest, 100));
        assertEquals(Set.of(Blobs.of(new byte[0])), store.missing(List.of(digest, Blobs.of(new byte[0]))));
    }

    @Test
    void overItsBudgetTheStoreDropsWhatWasUsedLeastRecentlyButNotWhatIsInUse() throws IOException {
        FileStore store = FileStore.at(root, 100);
        String oldest = store.putBytes(new byte[40]);
        String older = store.putBytes(filled(40, 1));
        aged(oldest, 3);
        aged(older, 2);
        String recent = store.putBytes(filled(40, 2)); // 120 bytes > 100: the oldest goes, down to 80
        assertEquals(Set.of(oldest), store.missing(List.of(oldest, older, recent)));
        assertEquals(80, store.heldBytes());
        String fresh = store.putBytes(filled(40, 3)); // 120 again, but the rest is in use: kept
        assertEquals(Set.of(), store.missing(List.of(older, recent, fresh)));
        FilesException gone = assertThrows(FilesException.class, () -> store.open(oldest));
        assertTrue(gone.getMessage().contains("read the files again"), gone.getMessage());
    }

    private static byte[] filled(int size, int value) {
        byte[] bytes = new byte[size];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /** Last used {@code hours} ago. */
    private void aged(String digest, int hours) throws IOException {
        java.nio.file.Files.setLastModifiedTime(root.resolve("blobs").resolve(digest.substring(0, 2)).resolve(digest),
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofHours(hours))));
    }

    @Test
    void contentOfAnotherDigestIsRefused() {
        FileStore store = FileStore.at(root);
        FilesException e = assertThrows(FilesException.class, () -> store.put(
                new ByteArrayInputStream("x".getBytes()), 1, Blobs.of("y".getBytes())));
        assertTrue(e.getMessage().contains("has the digest"), e.getMessage());
        assertTrue(store.missing(List.of(Blobs.of("x".getBytes()))).size() == 1, "nothing kept");
    }

    @Test
    void aTreeTravelsThroughABundleAndBackByteForByte() throws IOException {
        FileStore store = FileStore.at(root);
        byte[] binary = new byte[70_000];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        Tree tree = Tree.of(List.of(
                TreeEntry.file("bin/data", 0755, binary.length, store.putBytes(binary)),
                TreeEntry.file("empty", 0600, 0, store.putBytes(new byte[0])),
                TreeEntry.symlink("link", "bin/data")));
        ByteArrayOutputStream bundle = new ByteArrayOutputStream();
        Bundle.Writer writer = new Bundle.Writer(bundle);
        TreeTransfer.write(store, tree, "", null, writer);
        writer.end();
        FileStore other = FileStore.at(root.resolve("other"));
        Tree back = TreeTransfer.read(other, new Bundle.Reader(new ByteArrayInputStream(bundle.toByteArray())));
        assertEquals(tree.digest(), back.digest());
        assertArrayEquals(binary, other.read(back.file("bin/data", "p").blob(), binary.length));
    }

    @Test
    void aTruncatedBundleIsRefused() throws IOException {
        FileStore store = FileStore.at(root);
        ByteArrayOutputStream bundle = new ByteArrayOutputStream();
        Bundle.Writer writer = new Bundle.Writer(bundle);
        writer.file("a", 0644, 3, new ByteArrayInputStream("abc".getBytes()));
        byte[] cut = java.util.Arrays.copyOf(bundle.toByteArray(), bundle.size() - 1);
        assertThrows(FilesException.class, () -> TreeTransfer.read(store, new Bundle.Reader(new ByteArrayInputStream(cut))));
        assertThrows(FilesException.class, () -> TreeTransfer.read(store,
                new Bundle.Reader(new ByteArrayInputStream(bundle.toByteArray()))), "no end record");
    }

    @Test
    void anUploadTakesOnlyTheBlobsAskedForWithTheirDigests() throws IOException {
        FileStore store = FileStore.at(root);
        byte[] content = "wanted".getBytes();
        String wanted = Blobs.of(content);
        ByteArrayOutputStream bundle = new ByteArrayOutputStream();
        Bundle.Writer writer = new Bundle.Writer(bundle);
        writer.blob(wanted, content.length, new ByteArrayInputStream(content));
        writer.end();
        assertEquals(Set.of(wanted), TreeTransfer.readBlobs(store,
                new Bundle.Reader(new ByteArrayInputStream(bundle.toByteArray())), Set.of(wanted)));
        assertThrows(FilesException.class, () -> TreeTransfer.readBlobs(FileStore.at(root.resolve("b")),
                new Bundle.Reader(new ByteArrayInputStream(bundle.toByteArray())), Set.of()));
    }
}
