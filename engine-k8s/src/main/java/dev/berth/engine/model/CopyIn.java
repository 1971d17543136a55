package dev.berth.engine.model;

import dev.berth.engine.files.Blobs;
import dev.berth.engine.files.TreeEntry;

/**
 * Files copied into the container from the engine's file store: a whole directory (its tree's
 * digest) merged into {@code path}, or one regular file placed at {@code path}. Only digests
 * travel here; the bytes reach the pod when it runs (docs/files.md).
 *
 * @param tree        digest of the directory's tree; null for a file
 * @param file        the file; null for a directory
 * @param permissions mode for every copied file (and directory), or null to keep theirs
 */
public record CopyIn(String path, String tree, TreeEntry file, Integer permissions) implements Step {

    public CopyIn {
        path = UnixPath.absolute(path, "path");
        if ((tree == null) == (file == null)) {
            throw new IllegalArgumentException("a copy has either a directory or a file");
        }
        if (tree != null && !Blobs.isDigest(tree)) {
            throw new ValidationException("source", "not a directory digest: " + tree);
        }
        if (file != null && file.kind() != TreeEntry.Kind.FILE) {
            throw new ValidationException("source", file.path() + " is not a regular file");
        }
        if (permissions != null) {
            Checks.permissions(permissions, "permissions");
        }
    }

    public static CopyIn directory(String path, String tree, Integer permissions) {
        return new CopyIn(path, tree, null, permissions);
    }

    public static CopyIn file(String path, TreeEntry file, Integer permissions) {
        return new CopyIn(path, null, file, permissions);
    }

    public boolean isDirectory() {
        return tree != null;
    }

    void writeTo(CanonicalWriter out) {
        out.type("berth.dev/CopyIn/v1").field("path").string(path);
        if (tree != null) {
            out.field("tree").string(tree);
        } else {
            out.field("file").string(file.blob()).field("mode").integer(file.mode());
        }
        out.field("permissions").integer(permissions == null ? -1 : permissions);
    }
}
