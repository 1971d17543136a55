package dev.berth.cli.files;

import static dev.berth.cli.files.TestTrees.dir;
import static dev.berth.cli.files.TestTrees.file;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export against a stand-in of the engine's export endpoint. */
class ExporterTest {

    @TempDir
    Path tmp;
    private FakeFileApi engine;
    private Exporter exporter;
    private Path cwd;

    @BeforeEach
    void start() throws IOException {
        engine = new FakeFileApi("s1", "tok");
        cwd = Files.createDirectories(tmp.resolve("cwd"));
        exporter = new Exporter(engine.api(), new HostPaths(cwd, tmp.resolve("home")));
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    /** A bundle of records; a FILE record's content is the next argument (a byte[]). */
    private static byte[] bundle(Object... records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BundleWriter writer = new BundleWriter(out);
        for (int i = 0; i < records.length; i++) {
            Bundle record = (Bundle) records[i];
            if (record.hasContent()) {
                writer.write(record, new ByteArrayInputStream((byte[]) records[++i]));
            } else {
                writer.write(record);
            }
        }
        writer.end();
        return out.toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesADirectoryByteIdenticalWithModesAndLinks() throws IOException {
        byte[] binary = TestTrees.random(3 << 20, 7);
        engine.exports.put("x1", bundle(
                Bundle.directory("bin", 0750),
                Bundle.file("bin/tool", 0755, binary.length), binary,
                Bundle.file("secret.txt", 0600, 6), bytes("s3cret"),
                Bundle.directory("docs", 0555), // read-only: its contents are written before its mode
                Bundle.file("docs/readme.md", 0444, 5), bytes("# hi\n"),
                Bundle.directory("empty", 0700),
                Bundle.link("current", "bin/tool")));

        Path written = exporter.exportDirectory("x1", "out/dist", false, () -> false);

        Path out = cwd.resolve("out/dist");
        assertEquals(out, written);
        assertArrayEquals(binary, Files.readAllBytes(out.resolve("bin/tool")));
        assertEquals("s3cret", Files.readString(out.resolve("secret.txt")));
        assertEquals("# hi\n", Files.readString(out.resolve("docs/readme.md")));
        assertEquals(0750, TestTrees.mode(out.resolve("bin")));
        assertEquals(0755, TestTrees.mode(out.resolve("bin/tool")));
        assertEquals(0600, TestTrees.mode(out.resolve("secret.txt")));
        assertEquals(0555, TestTrees.mode(out.resolve("docs")));
        assertEquals(0444, TestTrees.mode(out.resolve("docs/readme.md")));
        assertEquals(0700, TestTrees.mode(out.resolve("empty")));
        assertEquals(Path.of("bin/tool"), Files.readSymbolicLink(out.resolve("current")));
        assertEquals(engine.requests, java.util.List.of("GET /sessions/s1/exports/x1"));
        FileModes.set(out.resolve("docs"), 0755); // for @TempDir's cleanup
    }

    @Test
    void wipeRemovesWhatWasThereAndWithoutItFilesAreReplacedInPlace() throws IOException {
        Path out = cwd.resolve("out");
        file(out, "stale.txt", "old", 0644);
        file(out, "keep/a.txt", "old a", 0644);
        Files.createSymbolicLink(out.resolve("a.txt"), out.resolve("stale.txt")); // replaced, not written through
        engine.exports.put("x1", bundle(
                Bundle.file("a.txt", 0644, 3), bytes("new"),
                Bundle.directory("keep", 0755),
                Bundle.file("keep/a.txt", 0644, 5), bytes("new a")));

        exporter.exportDirectory("x1", "out", false, () -> false);

        assertEquals("new", Files.readString(out.resolve("a.txt")));
        assertFalse(Files.isSymbolicLink(out.resolve("a.txt")));
        assertEquals("old", Files.readString(out.resolve("stale.txt")), "the link's target was not written");
        assertEquals("new a", Files.readString(out.resolve("keep/a.txt")));

        engine.exports.put("x2", bundle(Bundle.file("only.txt", 0644, 4), bytes("only")));
        Path readOnly = dir(out, "locked", 0555);
        file(readOnly.getParent(), "locked/inner", "i", 0444);
        exporter.exportDirectory("x2", "out", true, () -> false);

        try (var listing = Files.list(out)) {
            assertEquals(java.util.List.of(out.resolve("only.txt")), listing.toList());
        }
    }

    @Test
    void wipingTheHomeDirectoryIsRefused() throws IOException {
        Files.createDirectories(tmp.resolve("home"));
        engine.exports.put("x1", bundle());
        TransferException error = assertThrows(TransferException.class,
                () -> exporter.exportDirectory("x1", "~", true, () -> false));
        assertEquals("refusing to wipe " + tmp.resolve("home") + " for an export to ~", error.getMessage());
    }

    @Test
    void writesAFileAtThePathGivenWithItsMode() throws IOException {
        engine.exports.put("x1", bundle(Bundle.file("ignored-name", 0750, 3), bytes("abc")));

        Path written = exporter.exportFile("x1", "a/b/tool", null, false);

        assertEquals(cwd.resolve("a/b/tool"), written);
        assertEquals("abc", Files.readString(written));
        assertEquals(0750, TestTrees.mode(written));
        try (var listing = Files.list(written.getParent())) {
            assertEquals(1, listing.count(), "no temporary file left");
        }

        engine.exports.put("x2", bundle(Bundle.file("f", 0644, 6), bytes("second")));
        exporter.exportFile("x2", written.toString(), null, false);
        assertEquals("second", Files.readString(written));
        assertEquals(0644, TestTrees.mode(written));

        TransferException dir = assertThrows(TransferException.class,
                () -> exporter.exportFile("x2", "a", null, false));
        assertEquals("cannot export a file to a (resolved to " + cwd.resolve("a") + "): it is a directory "
                + "(allowParentDirPath writes the file into it)", dir.getMessage());

        // Dagger's allowParentDirPath: into the directory, by the name the engine gives (or the record's)
        engine.exports.put("x3", bundle(Bundle.file("copy.bin", 0600, 4), bytes("into")));
        assertEquals(cwd.resolve("a/named.bin"), exporter.exportFile("x3", "a", "named.bin", true));
        assertEquals("into", Files.readString(cwd.resolve("a/named.bin")));
        assertEquals(cwd.resolve("a/copy.bin"), exporter.exportFile("x3", "a", null, true));
        assertEquals(0600, TestTrees.mode(cwd.resolve("a/copy.bin")));
        assertEquals(cwd.resolve("a/b/plain"), exporter.exportFile("x3", "a/b/plain", "named.bin", true),
                "a path that is not a directory is the file itself");
        TransferException escape = assertThrows(TransferException.class,
                () -> exporter.exportFile("x3", "a", "../up", true));
        assertTrue(escape.getMessage().contains("bad file name from the engine"), escape.getMessage());
    }

    @Test
    void recordsEscapingTheTargetThroughLinksAreRefused() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        engine.exports.put("x1", bundle(
                Bundle.link("evil", outside.toString()),
                Bundle.file("evil/pwned", 0644, 1), bytes("x")));

        TransferException error = assertThrows(TransferException.class,
                () -> exporter.exportDirectory("x1", "out", false, () -> false));

        assertTrue(error.getMessage().contains("refusing to write evil/pwned: " + cwd.resolve("out/evil")
                + " is a link out of " + cwd.resolve("out")), error.getMessage());
        assertFalse(Files.exists(outside.resolve("pwned")));

        // a link already there is no way out either, nor a deeper path through it
        Path out2 = Files.createDirectories(cwd.resolve("out2"));
        Files.createSymbolicLink(out2.resolve("up"), Path.of(".."));
        engine.exports.put("x2", bundle(Bundle.file("up/sub/x", 0644, 1), bytes("x")));
        TransferException existing = assertThrows(TransferException.class,
                () -> exporter.exportDirectory("x2", "out2", false, () -> false));
        assertTrue(existing.getMessage().contains("is a link out of"), existing.getMessage());
        assertFalse(Files.exists(cwd.resolve("sub")));

        // a link inside the target may be written through
        Path out3 = Files.createDirectories(cwd.resolve("out3/real"));
        Files.createSymbolicLink(cwd.resolve("out3/alias"), Path.of("real"));
        engine.exports.put("x3", bundle(Bundle.file("alias/x", 0644, 1), bytes("x")));
        exporter.exportDirectory("x3", "out3", false, () -> false);
        assertEquals("x", Files.readString(out3.resolve("x")));
    }

    @Test
    void aTruncatedExportFailsAndAFileExportLeavesThePreviousFile() throws IOException {
        byte[] whole = bundle(Bundle.file("a", 0644, 10), bytes("0123456789"));
        engine.exports.put("x1", Arrays.copyOf(whole, whole.length - 20));
        TransferException error = assertThrows(TransferException.class,
                () -> exporter.exportDirectory("x1", "out", false, () -> false));
        assertTrue(error.getMessage().startsWith("exporting to out (resolved to " + cwd.resolve("out")
                + ") failed: truncated bundle: the stream stopped inside the content of a"), error.getMessage());

        Path previous = file(cwd, "f.txt", "previous", 0644);
        assertThrows(TransferException.class, () -> exporter.exportFile("x1", "f.txt", null, false));
        assertEquals("previous", Files.readString(previous));
        try (var listing = Files.list(cwd)) {
            assertEquals(2, listing.count(), "out and f.txt, no temporary file: " + cwd);
        }
    }

    @Test
    void anHttpFailureAnswersWithTheServersTextAndWipesNothing() throws IOException {
        Path kept = file(cwd, "out/kept.txt", "kept", 0644);
        TransferException error = assertThrows(TransferException.class,
                () -> exporter.exportDirectory("nope", "out", true, () -> false));
        assertEquals("no export nope in this session", error.getMessage());
        assertEquals("kept", Files.readString(kept));
    }

    @Test
    void aFileInTheWayOfADirectoryExportIsNamed() throws IOException {
        file(cwd, "out", "a file", 0644);
        engine.exports.put("x1", bundle());
        TransferException error = assertThrows(TransferException.class,
                () -> exporter.exportDirectory("x1", "out", false, () -> false));
        assertEquals("cannot export a directory to out (resolved to " + cwd.resolve("out") + "): it is a file",
                error.getMessage());
    }
}
