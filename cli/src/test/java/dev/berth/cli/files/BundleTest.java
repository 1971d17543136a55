package dev.berth.cli.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bundle format of docs/files.md, byte for byte (the engine and the Go runner read it too). */
class BundleTest {

    private static final String DIGEST_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void writesTheDocumentedBytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BundleWriter writer = new BundleWriter(out)) {
            writer.write(Bundle.directory("src", 0755));
            writer.write(Bundle.file("src/a.txt", 0644, 3), stream("abc"));
            writer.write(Bundle.link("link", "src/a.txt"));
            writer.write(Bundle.blob(DIGEST_ABC, 3), stream("abc"));
            writer.end();
        }
        assertEquals("""
                {"k":"d","p":"src","m":493}
                {"k":"f","p":"src/a.txt","m":420,"s":3}
                abc{"k":"l","p":"link","l":"src/a.txt"}
                {"k":"b","d":"%s","s":3}
                abc{"end":true}
                """.formatted(DIGEST_ABC), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void readsWhatItWritesIncludingOddNames() throws IOException {
        byte[] binary = new byte[70_000];
        Arrays.fill(binary, (byte) 0x0a); // newlines in content are content
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BundleWriter writer = new BundleWriter(out)) {
            writer.write(Bundle.directory("dir with spaces", 0700));
            writer.write(Bundle.file("dir with spaces/line\nbreak \"quoted\" \u00e9\u4e2d", 04755, binary.length),
                    new ByteArrayInputStream(binary));
            writer.write(Bundle.file("empty", 0600, 0), stream(""));
            writer.write(Bundle.link("abs", "/etc/passwd"));
            writer.end();
        }
        try (BundleReader reader = new BundleReader(new ByteArrayInputStream(out.toByteArray()))) {
            assertEquals(Bundle.directory("dir with spaces", 0700), reader.next());
            Bundle file = reader.next();
            assertEquals("dir with spaces/line\nbreak \"quoted\" \u00e9\u4e2d", file.path());
            assertEquals(04755, file.mode());
            assertArrayEquals(binary, reader.content().readAllBytes());
            assertEquals(Bundle.file("empty", 0600, 0), reader.next());
            // content not read is skipped by next()
            assertEquals(Bundle.link("abs", "/etc/passwd"), reader.next());
            assertEquals(Bundle.END, reader.next());
        }
    }

    @Test
    void unreadContentIsSkipped() throws IOException {
        byte[] bundle = ("{\"k\":\"f\",\"p\":\"a\",\"m\":420,\"s\":5}\nhello{\"k\":\"d\",\"p\":\"b\",\"m\":493}\n"
                + "{\"end\":true}\n").getBytes(StandardCharsets.UTF_8);
        try (BundleReader reader = new BundleReader(new ByteArrayInputStream(bundle))) {
            assertEquals(Bundle.Kind.FILE, reader.next().kind());
            assertEquals(Bundle.directory("b", 0755), reader.next());
            assertEquals(Bundle.END, reader.next());
        }
    }

    @Test
    void pathsMustBeRelativeSlashSeparatedWithoutDotSegments() {
        for (String bad : List.of("", "/etc/passwd", "a//b", "a/", "./a", "a/.", "..", "a/../b", "../x", "a\0b")) {
            assertThrows(IllegalArgumentException.class, () -> Bundle.checkPath(bad), "path '" + bad + "'");
        }
        for (String good : List.of("a", "a/b/c", ".hidden", "..dots", "a/...", "a b", "back\\slash")) {
            assertEquals(good, Bundle.checkPath(good));
        }
    }

    @Test
    void badHeadersAreRefusedNamingTheRecord() {
        for (String line : List.of(
                "{\"k\":\"f\",\"p\":\"../x\",\"m\":420,\"s\":1}",
                "{\"k\":\"f\",\"p\":\"/x\",\"m\":420,\"s\":1}",
                "{\"k\":\"f\",\"p\":\"x\",\"m\":420,\"s\":-1}",
                "{\"k\":\"f\",\"p\":\"x\",\"m\":4096,\"s\":1}",
                "{\"k\":\"f\",\"p\":\"x\",\"m\":420}",
                "{\"k\":\"f\",\"p\":\"x\",\"m\":420,\"s\":\"1\"}",
                "{\"k\":\"b\",\"d\":\"ABC\",\"s\":1}",
                "{\"k\":\"l\",\"p\":\"x\"}",
                "{\"k\":\"z\",\"p\":\"x\"}",
                "{\"p\":\"x\"}",
                "[1,2]",
                "not json")) {
            IOException error = assertThrows(IOException.class,
                    () -> new BundleReader(new ByteArrayInputStream((line + "\n").getBytes(StandardCharsets.UTF_8)))
                            .next(), line);
            assertTrue(error.getMessage().startsWith("bad bundle record"), error.getMessage());
        }
    }

    @Test
    void aStreamThatStopsEarlyIsTruncated() throws IOException {
        String whole = "{\"k\":\"f\",\"p\":\"a\",\"m\":420,\"s\":5}\nhello{\"end\":true}\n";
        // before the end record, inside a header, inside a content
        for (int cut : List.of(whole.indexOf("{\"end\""), whole.length() - 3, 10, whole.indexOf("hello") + 2)) {
            byte[] bytes = whole.substring(0, cut).getBytes(StandardCharsets.UTF_8);
            EOFException error = assertThrows(EOFException.class, () -> {
                try (BundleReader reader = new BundleReader(new ByteArrayInputStream(bytes))) {
                    for (Bundle record = reader.next(); record.kind() != Bundle.Kind.END; record = reader.next()) {
                        reader.content().readAllBytes();
                    }
                }
            }, "cut at " + cut);
            assertTrue(error.getMessage().startsWith("truncated bundle"), error.getMessage());
        }
        EOFException empty = assertThrows(EOFException.class,
                () -> new BundleReader(new ByteArrayInputStream(new byte[0])).next());
        assertEquals("truncated bundle: the stream stopped before its end record", empty.getMessage());
    }

    @Test
    void aHeaderWithoutItsNewlineIsNotReadForever() {
        byte[] huge = new byte[BundleReader.MAX_HEADER + 10];
        Arrays.fill(huge, (byte) 'x');
        IOException error = assertThrows(IOException.class, () -> new BundleReader(new ByteArrayInputStream(huge))
                .next());
        assertTrue(error.getMessage().contains("longer than"), error.getMessage());
    }

    @Test
    void contentOfTheWrongLengthFailsTheWrite() {
        BundleWriter writer = new BundleWriter(new ByteArrayOutputStream());
        IOException shorter = assertThrows(IOException.class,
                () -> writer.write(Bundle.file("a", 0644, 5), stream("abc")));
        assertEquals("content of a ended 2 bytes short of its 5 bytes", shorter.getMessage());
        IOException longer = assertThrows(IOException.class,
                () -> writer.write(Bundle.file("b", 0644, 2), stream("abc")));
        assertEquals("content of b is longer than its 2 bytes", longer.getMessage());
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
