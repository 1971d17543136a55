package dev.berth.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The encoding must be injective: different data never gives the same bytes. */
class CanonicalWriterTest {

    @Test
    void lengthPrefixKeepsListElementsApart() {
        assertNotEquals(digest(w -> w.strings(List.of("ab", "c"))), digest(w -> w.strings(List.of("a", "bc"))));
        assertNotEquals(digest(w -> w.strings(List.of("a", ""))), digest(w -> w.strings(List.of("a"))));
    }

    @Test
    void absentDiffersFromEmpty() {
        assertNotEquals(digest(w -> w.optionalString(null)), digest(w -> w.optionalString("")));
        assertNotEquals(digest(w -> w.optionalStrings(null)), digest(w -> w.optionalStrings(List.of())));
    }

    @Test
    void typeMarkersKeepKindsApart() {
        assertNotEquals(digest(w -> w.string("1")), digest(w -> w.integer(1)));
        assertNotEquals(digest(w -> w.bool(true)), digest(w -> w.integer(1)));
        assertNotEquals(digest(w -> w.type("a")), digest(w -> w.field("a")));
    }

    @Test
    void mapsAreWrittenInKeyOrder() {
        TreeMap<String, String> ab = new TreeMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        TreeMap<String, String> ba = new TreeMap<>();
        ba.put("b", "2");
        ba.put("a", "1");
        assertEquals(digest(w -> w.stringMap(ab)), digest(w -> w.stringMap(ba)));
    }

    @Test
    void stringsAreUtf8WithByteLength() {
        byte[] bytes = new CanonicalWriter().string("é").toByteArray();
        assertArrayEquals(new byte[] {'S', 0, 0, 0, 2, (byte) 0xc3, (byte) 0xa9}, bytes);
    }

    @Test
    void integersAreBigEndianEightBytes() {
        byte[] bytes = new CanonicalWriter().integer(0x0102).toByteArray();
        assertArrayEquals(new byte[] {'I', 0, 0, 0, 0, 0, 0, 1, 2}, bytes);
    }

    private static Digest digest(java.util.function.Consumer<CanonicalWriter> write) {
        CanonicalWriter writer = new CanonicalWriter();
        write.accept(writer);
        return writer.sha256();
    }
}
