package dev.berth.operator.pipeline;

import java.nio.charset.StandardCharsets;

/**
 * Text cut to a size that fits in a resource's status. A Kubernetes object is limited to about
 * 1.5 MiB in etcd, so each step keeps at most {@link #MAX_BYTES} of stdout and of stderr: the
 * end, where test summaries and error messages are.
 *
 * @param text      at most {@link #MAX_BYTES} UTF-8 bytes, never a broken character
 * @param truncated whether the start was cut off
 */
public record BoundedText(String text, boolean truncated) {

    public static final int MAX_BYTES = 8 * 1024;

    public static BoundedText tail(String text) {
        return tail(text, MAX_BYTES);
    }

    /** The last {@code maxBytes} UTF-8 bytes of {@code text}, cut at a character boundary. */
    public static BoundedText tail(String text, int maxBytes) {
        if (text == null) {
            return new BoundedText("", false);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return new BoundedText(text, false);
        }
        int start = bytes.length - maxBytes;
        while (start < bytes.length && (bytes[start] & 0xC0) == 0x80) {
            start++; // a continuation byte: skip to the start of the next character
        }
        return new BoundedText(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8), true);
    }

    /** The first {@code maxChars} characters and an ellipsis, for condition and event messages. */
    public static String head(String text, int maxChars) {
        if (text == null) {
            return "";
        }
        if (text.length() <= maxChars) {
            return text;
        }
        int end = maxChars - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
