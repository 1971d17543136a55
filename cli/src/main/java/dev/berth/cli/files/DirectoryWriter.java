package dev.berth.cli.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes the records of an exported directory under its target. A record may not leave the
 * target: its path has no {@code ..} (the bundle reader refuses those), and no directory on the
 * way may be a link leading out of it (a bundle could make one, then write through it).
 * Directory modes are set last, deepest first, so a read-only directory can still be filled.
 */
final class DirectoryWriter {

    private record Mode(Path path, int mode) {
    }

    private final Path root;
    private final Path realRoot;
    private final List<Mode> directoryModes = new ArrayList<>();

    /** {@code root} exists and is a directory. */
    DirectoryWriter(Path root) throws IOException {
        this.root = root;
        this.realRoot = root.toRealPath();
    }

    void write(Bundle record, InputStream content) throws IOException {
        String[] segments = record.path().split("/");
        Path parent = parent(record.path(), segments);
        Path target = parent.resolve(segments[segments.length - 1]);
        switch (record.kind()) {
            case DIRECTORY -> {
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(target); // a file or link of that name: the export replaces it
                    Files.createDirectory(target);
                }
                directoryModes.add(new Mode(target, record.mode()));
            }
            case FILE -> {
                replaceable(record, target);
                Files.copy(content, target); // CREATE_NEW: never through a link
                FileModes.set(target, record.mode());
            }
            case LINK -> {
                replaceable(record, target);
                Files.createSymbolicLink(target, target.getFileSystem().getPath(record.target()));
            }
            default -> throw new IOException("unexpected " + record.kind() + " record in an export");
        }
    }

    /** Sets the directories' modes (after their contents were written). */
    void finish() throws IOException {
        directoryModes.sort(Comparator.comparingInt((Mode m) -> m.path().getNameCount()).reversed());
        for (Mode mode : directoryModes) {
            FileModes.set(mode.path(), mode.mode());
        }
    }

    /** A file or link replaces what is there, except a directory. */
    private static void replaceable(Bundle record, Path target) throws IOException {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null,
                    "a directory is in the way of the " + (record.kind() == Bundle.Kind.FILE ? "file" : "link")
                            + " " + record.path());
        }
        Files.deleteIfExists(target);
    }

    /** The record's parent directory under the root, made where missing, checked where a link. */
    private Path parent(String path, String[] segments) throws IOException {
        Path current = root;
        for (int i = 0; i < segments.length - 1; i++) {
            current = current.resolve(segments[i]);
            if (Files.isSymbolicLink(current)) {
                Path real;
                try {
                    real = current.toRealPath();
                } catch (IOException e) {
                    throw new IOException("refusing to write " + path + ": " + current + " is a link to nowhere");
                }
                if (!real.startsWith(realRoot)) {
                    throw new IOException("refusing to write " + path + ": " + current + " is a link out of "
                            + root + " (to " + real + ")");
                }
                if (!Files.isDirectory(real)) {
                    throw new IOException("cannot write " + path + ": " + current + " is not a directory");
                }
            } else if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(current);
            } else if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("cannot write " + path + ": " + current + " is a file, not a directory");
            }
        }
        return current;
    }
}
