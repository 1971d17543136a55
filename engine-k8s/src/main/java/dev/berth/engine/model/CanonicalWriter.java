package dev.berth.engine.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.BiConsumer;

/**
 * Writes the canonical byte form that digests are computed over.
 *
 * <p>Every item carries a one-byte type marker and every variable-length item its length, so the
 * encoding is injective: ["ab","c"] and ["a","bc"] can never collide, nor can a missing value and
 * an empty one. Only explicit, order-stable data goes in (sorted maps, lists, enum names), never
 * hash codes or iteration order of hash-based collections, so the bytes are the same on every JVM.
 * Changing this format changes every hostname: the golden test in the model tests catches that.
 */
final class CanonicalWriter {

    private static final byte TYPE = 'T';
    private static final byte FIELD = 'F';
    private static final byte STRING = 'S';
    private static final byte INTEGER = 'I';
    private static final byte BOOLEAN = 'B';
    private static final byte LIST = 'L';
    private static final byte ABSENT = 'N';
    private static final byte DIGEST = 'D';

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Starts a value: its type name and format version, so unrelated types never collide. */
    CanonicalWriter type(String typeAndVersion) {
        out.write(TYPE);
        writeUtf8(typeAndVersion);
        return this;
    }

    /** Names the next item; makes the form self-describing and robust to field reordering. */
    CanonicalWriter field(String name) {
        out.write(FIELD);
        writeUtf8(name);
        return this;
    }

    CanonicalWriter string(String value) {
        out.write(STRING);
        writeUtf8(value);
        return this;
    }

    /** A nullable string: absent is written differently from "". */
    CanonicalWriter optionalString(String value) {
        if (value == null) {
            out.write(ABSENT);
            return this;
        }
        return string(value);
    }

    CanonicalWriter integer(long value) {
        out.write(INTEGER);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
        return this;
    }

    CanonicalWriter bool(boolean value) {
        out.write(BOOLEAN);
        out.write(value ? 1 : 0);
        return this;
    }

    CanonicalWriter strings(List<String> values) {
        return list(values, CanonicalWriter::string);
    }

    /** A nullable list of strings: "the image's own" is written differently from "none". */
    CanonicalWriter optionalStrings(List<String> values) {
        if (values == null) {
            out.write(ABSENT);
            return this;
        }
        return strings(values);
    }

    /** A sorted map, so the order in which entries were set cannot matter. */
    CanonicalWriter stringMap(SortedMap<String, String> map) {
        out.write(LIST);
        writeLength(map.size());
        for (Map.Entry<String, String> entry : map.entrySet()) {
            string(entry.getKey());
            string(entry.getValue());
        }
        return this;
    }

    /** A list in the order given; callers pass an already canonical (sorted or ordered) list. */
    <T> CanonicalWriter list(Collection<T> items, BiConsumer<CanonicalWriter, T> writeItem) {
        out.write(LIST);
        writeLength(items.size());
        for (T item : items) {
            writeItem.accept(this, item);
        }
        return this;
    }

    /** A nested value enters by its digest, like a Merkle tree. */
    CanonicalWriter digest(Digest digest) {
        out.write(DIGEST);
        out.writeBytes(digest.bytes());
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    Digest sha256() {
        return Digest.sha256(toByteArray());
    }

    private void writeUtf8(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeLength(bytes.length);
        out.writeBytes(bytes);
    }

    private void writeLength(int length) {
        out.write(length >>> 24);
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
    }
}
