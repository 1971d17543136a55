package dev.berth.engine.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The bundle stream (docs/files.md): records of one JSON header line and, for files and blobs,
 * that many bytes of content; ended by {@code {"end":true}} so truncation is detected. Used for
 * uploads from the berth process, deliveries into pods and captures from them.
 */
public final class Bundle {

    /** Longest header line accepted: a path of 4096 bytes and a link target fit many times. */
    static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Bundle() {
    }

    /** One record; {@link #content()} reads exactly {@code size} bytes (files and blobs). */
    public record Record(String kind, String path, int mode, long size, String digest, String target,
            InputStream content) {

        public TreeEntry entry(String blob) {
            return new TreeEntry(path, TreeEntry.Kind.ofCode(kind), mode, size, blob, target);
        }
    }

    public static final class Writer {
        private final OutputStream out;
        private final byte[] buffer = new byte[64 * 1024];

        public Writer(OutputStream out) {
            this.out = out;
        }

        public void directory(String path, int mode) throws IOException {
            header(JSON.createObjectNode().put("p", TreePaths.relative(path)).put("k", "d").put("m", mode));
        }

        public void symlink(String path, String target) throws IOException {
            header(JSON.createObjectNode().put("p", TreePaths.relative(path)).put("k", "l").put("l", target));
        }

        public void file(String path, int mode, long size, InputStream content) throws IOException {
            header(JSON.createObjectNode().put("p", TreePaths.relative(path)).put("k", "f").put("m", mode)
                    .put("s", size));
            copy(content, size, path);
        }

        public void blob(String digest, long size, InputStream content) throws IOException {
            header(JSON.createObjectNode().put("k", "b").put("d", digest).put("s", size));
            copy(content, size, digest);
        }

        public void end() throws IOException {
            out.write("{\"end\":true}\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        private void header(ObjectNode header) throws IOException {
            out.write(JSON.writeValueAsBytes(header));
            out.write('\n');
        }

        private void copy(InputStream in, long size, String what) throws IOException {
            long left = size;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new EOFException(what + ": content ended " + left + " bytes early");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }

    public static final class Reader {
        private final InputStream in;
        private Bounded current;
        private boolean ended;

        public Reader(InputStream in) {
            this.in = in;
        }

        /** The next record, or null after the end record; the previous record's rest is skipped. */
        public Record next() throws IOException {
            if (ended) {
                return null;
            }
            if (current != null) {
                current.skipRest();
                current = null;
            }
            JsonNode h = header();
            if (h.path("end").asBoolean(false)) {
                ended = true;
                return null;
            }
            String kind = h.path("k").asText("");
            switch (kind) {
                case "d", "f", "l" -> TreePaths.relative(h.path("p").asText(""));
                case "b" -> {
                    if (!Blobs.isDigest(h.path("d").asText(""))) {
                        throw new FilesException("bundle: a blob record needs a SHA-256 digest (d)");
                    }
                }
                default -> throw new FilesException("bundle: unknown record kind \"" + kind + "\"");
            }
            long size = kind.equals("f") || kind.equals("b") ? h.path("s").asLong(-1) : 0;
            if (size < 0) {
                throw new FilesException("bundle: record " + h.path("p").asText(h.path("d").asText())
                        + " has no valid size");
            }
            int mode = h.path("m").asInt(kind.equals("d") ? Tree.DEFAULT_DIRECTORY_MODE : 0644);
            current = new Bounded(in, size);
            return new Record(kind, h.path("p").isTextual() ? h.get("p").asText() : null, mode, size,
                    h.path("d").isTextual() ? h.get("d").asText() : null,
                    h.path("l").isTextual() ? h.get("l").asText() : null, current);
        }

        private JsonNode header() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            for (;;) {
                int b = in.read();
                if (b < 0) {
                    throw new FilesException("bundle: truncated (the stream stopped before its end record)");
                }
                if (b == '\n') {
                    break;
                }
                if (line.size() >= MAX_HEADER_BYTES) {
                    throw new FilesException("bundle: a header line is longer than " + MAX_HEADER_BYTES + " bytes");
                }
                line.write(b);
            }
            try {
                JsonNode h = JSON.readTree(line.toByteArray());
                if (h == null || !h.isObject()) {
                    throw new FilesException("bundle: a header is not a JSON object");
                }
                return h;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new FilesException("bundle: a header is not JSON: " + e.getOriginalMessage());
            }
        }
    }

    /** A record's content: exactly its size, then end of stream. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long size) {
            this.in = in;
            this.left = size;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new FilesException("bundle: truncated inside a record's content");
            }
            left -= n;
            return n;
        }

        void skipRest() throws IOException {
            byte[] skip = new byte[8192];
            while (read(skip, 0, skip.length) >= 0) {
                // drain
            }
        }
    }
}
