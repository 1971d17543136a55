package dev.berth.cli.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Lists what {@code Host.directory} or {@code Host.file} takes from this machine: the manifest
 * entries, not yet hashed ({@link FileHasher} does that). Symbolic links are recorded, never
 * followed (only the path given itself is followed); sockets, FIFOs and devices are left out.
 */
public final class HostTree {

    /** The entries, in walk order (a directory before its contents), and their totals. */
    public record Listing(Path root, List<ManifestEntry> entries, long files, long bytes) {
    }

    private final String given;
    private final HostPatterns patterns;
    private final Limits limits;
    private final List<ManifestEntry> entries = new ArrayList<>();
    /** Directories taken only if something inside is: emitted before the first thing that is. */
    private final Deque<ManifestEntry> pending = new ArrayDeque<>();
    private long files;
    private long bytes;

    private HostTree(String given, Path root, HostPatterns patterns, Limits limits) {
        this.given = given;
        this.patterns = patterns;
        this.limits = limits;
    }

    /** The directory {@code given} (resolved to {@code root}), walked with {@code patterns}. */
    public static Listing directory(String given, Path root, HostPatterns patterns, Limits limits) throws IOException {
        if (!Files.exists(root)) {
            throw new TransferException("no such directory: " + given + " (resolved to " + root + ")");
        }
        if (!Files.isDirectory(root)) {
            throw new TransferException("not a directory: " + given + " (resolved to " + root + ")");
        }
        HostTree tree = new HostTree(given, root, patterns, limits);
        tree.walk(root, "");
        return new Listing(root, List.copyOf(tree.entries), tree.files, tree.bytes);
    }

    /** The regular file {@code given} (resolved to {@code path}): one entry named by its base name. */
    public static Listing file(String given, Path path, Limits limits) throws IOException {
        if (!Files.exists(path)) {
            throw new TransferException("no such file: " + given + " (resolved to " + path + ")");
        }
        if (!Files.isRegularFile(path) || path.getFileName() == null) {
            throw new TransferException("not a regular file: " + given + " (resolved to " + path + ")"
                    + (Files.isDirectory(path) ? ": it is a directory" : ""));
        }
        // the path given is followed if it is a link; the entry keeps the name it was given by
        FileModes.Stat stat = FileModes.stat(path.toRealPath());
        if (stat.size() > limits.maxBytes()) {
            throw overBytes(given, limits);
        }
        ManifestEntry entry = ManifestEntry.file(path.getFileName().toString(), stat.mode(), stat.size(), path);
        return new Listing(path, List.of(entry), 1, stat.size());
    }

    private void walk(Path dir, String relative) throws IOException {
        for (Path child : children(dir)) {
            String name = child.getFileName().toString();
            String path = relative.isEmpty() ? name : relative + "/" + name;
            FileModes.Stat stat;
            try {
                stat = FileModes.stat(child);
            } catch (NoSuchFileException e) {
                continue; // deleted since the listing: as if it was never there
            }
            if (stat.symbolicLink()) {
                if (patterns.takes(path)) {
                    add(ManifestEntry.link(path, Files.readSymbolicLink(child).toString()));
                }
            } else if (stat.directory()) {
                directory(child, path, stat);
            } else if (stat.regularFile()) {
                if (patterns.takes(path)) {
                    files++;
                    bytes += stat.size();
                    if (bytes > limits.maxBytes()) {
                        throw overBytes(given, limits);
                    }
                    add(ManifestEntry.file(path, stat.mode(), stat.size(), child));
                }
            }
        }
    }

    private void directory(Path dir, String path, FileModes.Stat stat) throws IOException {
        ManifestEntry entry = ManifestEntry.directory(path, stat.mode());
        switch (patterns.walk(path)) {
            case SKIP -> {
            }
            case TAKE -> {
                add(entry);
                walk(dir, path);
            }
            case LOOK_INSIDE -> {
                pending.addLast(entry);
                walk(dir, path);
                if (pending.peekLast() == entry) {
                    pending.removeLast(); // nothing inside was taken
                }
            }
        }
    }

    private void add(ManifestEntry entry) throws TransferException {
        while (!pending.isEmpty()) {
            append(pending.removeFirst());
        }
        append(entry);
    }

    private void append(ManifestEntry entry) throws TransferException {
        if (entries.size() >= limits.maxEntries()) {
            throw new TransferException("cannot upload " + given + ": more than " + limits.maxEntries()
                    + " files, directories and links, the limit of one upload; leave some out with exclude "
                    + "(e.g. node_modules, .git)");
        }
        entries.add(entry);
    }

    /** A directory's entries sorted by name, so the same tree always lists the same way. */
    private List<Path> children(Path dir) throws TransferException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        } catch (DirectoryIteratorException e) {
            throw new TransferException("cannot upload " + given + ": cannot read the directory " + dir + " ("
                    + SessionApi.reason(e) + ")", e);
        } catch (AccessDeniedException e) {
            throw new TransferException("cannot upload " + given + ": cannot read the directory " + dir
                    + " (permission denied)");
        } catch (IOException e) {
            throw new TransferException("cannot upload " + given + ": cannot read the directory " + dir + " ("
                    + SessionApi.reason(e) + ")", e);
        }
        children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return children;
    }

    private static TransferException overBytes(String given, Limits limits) {
        return new TransferException("cannot upload " + given + ": more than " + Sizes.human(limits.maxBytes())
                + " of files, the limit of one upload; leave some out with exclude (e.g. build outputs)");
    }
}
