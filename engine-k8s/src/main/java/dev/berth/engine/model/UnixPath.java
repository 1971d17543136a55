package dev.berth.engine.model;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Paths inside a container, normalised so that two spellings of one location ("/srv/./a",
 * "/srv/a") give one canonical form and so one digest.
 */
final class UnixPath {

    private UnixPath() {
    }

    /** An absolute path, required where no workdir may be assumed (e.g. cache mounts). */
    static String absolute(String path, String field) {
        checkNotEmpty(path, field);
        if (!path.startsWith("/")) {
            throw new ValidationException(field, "must be an absolute path, got \"" + path + "\"");
        }
        return normalize(path);
    }

    /**
     * Resolves {@code path} against {@code workdir} like Dagger does. The image's own workdir is
     * not known before the image is pulled, so a relative path needs an explicit workdir.
     */
    static String resolve(String workdir, String path, String field) {
        checkNotEmpty(path, field);
        if (path.startsWith("/")) {
            return normalize(path);
        }
        if (workdir == null) {
            throw new ValidationException(field, "relative path \"" + path
                    + "\" needs an absolute path or a withWorkdir first (the image's workdir is not known here)");
        }
        return normalize(workdir + "/" + path);
    }

    private static void checkNotEmpty(String path, String field) {
        Checks.notNull(path, field);
        if (path.isBlank()) {
            throw new ValidationException(field, "must not be empty");
        }
        if (path.indexOf('\0') >= 0) {
            throw new ValidationException(field, "must not contain a NUL character");
        }
    }

    /** Lexical normalisation: drops "." and empty segments, applies ".." (never above "/"). */
    static String normalize(String absolutePath) {
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : absolutePath.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(segment);
            }
        }
        return "/" + String.join("/", segments);
    }
}
