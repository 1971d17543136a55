package dev.berth.engine.files;

import java.util.Objects;

/**
 * One entry of a {@link Tree}: a directory, a regular file (its content is the blob named by
 * {@code blob}, a SHA-256 in lowercase hex) or a symbolic link, at a path relative to the root.
 */
public record TreeEntry(String path, Kind kind, int mode, long size, String blob, String target) {

    /** The kinds, spelled as in the bundle format (docs/files.md). */
    public enum Kind {
        DIRECTORY("d"), FILE("f"), SYMLINK("l");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Kind ofCode(String code) {
            for (Kind kind : values()) {
                if (kind.code.equals(code)) {
                    return kind;
                }
            }
            throw new FilesException("unknown entry kind \"" + code + "\"");
        }
    }

    public TreeEntry {
        path = TreePaths.relative(path);
        Objects.requireNonNull(kind, "kind");
        if (mode < 0 || mode > 07777) {
            throw new FilesException(path + ": mode " + mode + " is not within 0-07777");
        }
        switch (kind) {
            case FILE -> {
                if (size < 0) {
                    throw new FilesException(path + ": negative size");
                }
                if (!Blobs.isDigest(blob)) {
                    throw new FilesException(path + ": \"" + blob + "\" is not a SHA-256 digest");
                }
                target = null;
            }
            case SYMLINK -> {
                if (target == null || target.isEmpty() || target.indexOf('\0') >= 0) {
                    throw new FilesException(path + ": a symbolic link needs a target");
                }
                size = 0;
                blob = null;
                mode = 0777; // a link's own mode means nothing on Linux
            }
            case DIRECTORY -> {
                size = 0;
                blob = null;
                target = null;
            }
        }
    }

    public static TreeEntry directory(String path, int mode) {
        return new TreeEntry(path, Kind.DIRECTORY, mode, 0, null, null);
    }

    public static TreeEntry file(String path, int mode, long size, String blob) {
        return new TreeEntry(path, Kind.FILE, mode, size, blob, null);
    }

    public static TreeEntry symlink(String path, String target) {
        return new TreeEntry(path, Kind.SYMLINK, 0777, 0, null, target);
    }

    /** The same entry at another path. */
    public TreeEntry at(String newPath) {
        return new TreeEntry(newPath, kind, mode, size, blob, target);
    }

    public TreeEntry withMode(int newMode) {
        return new TreeEntry(path, kind, newMode, size, blob, target);
    }

    /** The last segment of the path. */
    public String name() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
