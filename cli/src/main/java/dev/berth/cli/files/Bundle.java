package dev.berth.cli.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * One record of a bundle (docs/files.md): a header line of JSON, then {@code size} bytes of
 * content for a file or a blob. The same format is read by the engine and the Go runner, so the
 * checks here are strict: a record that another reader would refuse is refused here first.
 */
public record Bundle(Kind kind, String path, int mode, long size, String digest, String target) {

    /** The header's {@code k}. */
    public enum Kind {
        DIRECTORY("d"), FILE("f"), LINK("l"), BLOB("b"), END(null);

        final String code;

        Kind(String code) {
            this.code = code;
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");
    /** Permission bits: the low 12 bits of a mode. */
    static final int MODE_MASK = 07777;

    public static Bundle directory(String path, int mode) {
        return new Bundle(Kind.DIRECTORY, checkPath(path), checkMode(mode), 0, null, null);
    }

    public static Bundle file(String path, int mode, long size) {
        return new Bundle(Kind.FILE, checkPath(path), checkMode(mode), checkSize(size), null, null);
    }

    public static Bundle link(String path, String target) {
        if (target == null || target.isEmpty()) {
            throw new IllegalArgumentException("symbolic link " + path + " without a target");
        }
        return new Bundle(Kind.LINK, checkPath(path), 0, 0, null, target);
    }

    public static Bundle blob(String digest, long size) {
        return new Bundle(Kind.BLOB, null, 0, checkSize(size), checkDigest(digest), null);
    }

    public static final Bundle END = new Bundle(Kind.END, null, 0, 0, null, null);

    /** Whether {@code size} bytes of content follow the header. */
    public boolean hasContent() {
        return kind == Kind.FILE || kind == Kind.BLOB;
    }

    /** The header line, {@code \n} included (JSON escapes any newline inside a path). */
    public byte[] header() {
        ObjectNode json = JSON.createObjectNode();
        switch (kind) {
            case DIRECTORY -> json.put("k", "d").put("p", path).put("m", mode);
            case FILE -> json.put("k", "f").put("p", path).put("m", mode).put("s", size);
            case LINK -> json.put("k", "l").put("p", path).put("l", target);
            case BLOB -> json.put("k", "b").put("d", digest).put("s", size);
            case END -> json.put("end", true);
        }
        try {
            byte[] line = JSON.writeValueAsBytes(json);
            byte[] withNewline = new byte[line.length + 1];
            System.arraycopy(line, 0, withNewline, 0, line.length);
            withNewline[line.length] = '\n';
            return withNewline;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses one header line (without its {@code \n}); a malformed one is an IOException. */
    static Bundle parse(String line) throws IOException {
        JsonNode json;
        try {
            json = JSON.readTree(line);
        } catch (IOException e) {
            throw new IOException("bad bundle record (not JSON): " + shorten(line));
        }
        if (json == null || !json.isObject()) {
            throw new IOException("bad bundle record (not a JSON object): " + shorten(line));
        }
        try {
            if (json.path("end").asBoolean(false)) {
                return END;
            }
            String kind = json.path("k").asText("");
            return switch (kind) {
                case "d" -> directory(text(json, "p"), integer(json, "m"));
                case "f" -> file(text(json, "p"), integer(json, "m"), number(json, "s"));
                case "l" -> link(text(json, "p"), text(json, "l"));
                case "b" -> blob(text(json, "d"), number(json, "s"));
                default -> throw new IllegalArgumentException("unknown record kind '" + kind + "'");
            };
        } catch (IllegalArgumentException e) {
            throw new IOException("bad bundle record " + shorten(line) + ": " + e.getMessage());
        }
    }

    /**
     * A record's path: relative, {@code /}-separated, no empty, {@code .} or {@code ..} segment
     * (so joined to a target directory it cannot leave it by itself).
     */
    public static String checkPath(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("path " + quote(path) + " has a NUL");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("path " + quote(path)
                        + " is not relative and /-separated without empty, '.' or '..' segments");
            }
        }
        return path;
    }

    static int checkMode(int mode) {
        if (mode < 0 || mode > MODE_MASK) {
            throw new IllegalArgumentException("mode " + mode + " is not permission bits (0-4095)");
        }
        return mode;
    }

    static long checkSize(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        return size;
    }

    static String checkDigest(String digest) {
        if (digest == null || !DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("digest " + quote(digest) + " is not a lowercase SHA-256 hex");
        }
        return digest;
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string");
        }
        return value.asText();
    }

    private static long number(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("field '" + field + "' must be an integer");
        }
        return value.asLong();
    }

    private static int integer(JsonNode json, String field) {
        long value = number(json, field);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("field '" + field + "' out of range");
        }
        return (int) value;
    }

    private static String quote(String text) {
        return text == null ? "null" : "'" + text + "'";
    }

    private static String shorten(String line) {
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
