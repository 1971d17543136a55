package dev.berth.cli.files;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/**
 * One entry of an upload's manifest (docs/files.md): a directory, a regular file (with its size
 * and SHA-256, and where on this machine its bytes are) or a symbolic link.
 *
 * @param source the file on this machine, for {@code f} entries; not sent
 */
public record ManifestEntry(char kind, String path, int mode, long size, String digest, String target, Path source) {

    static ManifestEntry directory(String path, int mode) {
        return new ManifestEntry('d', Bundle.checkPath(path), mode, 0, null, null, null);
    }

    static ManifestEntry file(String path, int mode, long size, Path source) {
        return new ManifestEntry('f', Bundle.checkPath(path), mode, size, null, null, source);
    }

    static ManifestEntry link(String path, String target) {
        return new ManifestEntry('l', Bundle.checkPath(path), 0, 0, null, target, null);
    }

    boolean isFile() {
        return kind == 'f';
    }

    /** The same file hashed: its digest and the size that was hashed. */
    ManifestEntry hashed(String sha256, long hashedSize) {
        return new ManifestEntry(kind, path, mode, hashedSize, sha256, target, source);
    }

    /** The entry as the API reads it: {@code {"p","k","m"}}, plus {@code s,d} or {@code l}. */
    void writeTo(ObjectNode json) {
        json.put("p", path).put("k", String.valueOf(kind));
        switch (kind) {
            case 'd' -> json.put("m", mode);
            case 'f' -> json.put("m", mode).put("s", size).put("d", digest);
            default -> json.put("l", target);
        }
    }
}
