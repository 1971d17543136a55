package dev.berth.engine.files;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Trees and blobs between the {@link FileStore} and bundle streams. */
public final class TreeTransfer {

    private TreeTransfer() {
    }

    /**
     * Writes {@code tree}'s entries with their contents under {@code prefix} ("" for none; a
     * directory record for the prefix comes first). {@code permissions}, when set, replaces the
     * mode of every file and directory (Dagger's {@code permissions} argument).
     */
    public static void write(FileStore store, Tree tree, String prefix, Integer permissions, Bundle.Writer out)
            throws IOException {
        if (!prefix.isEmpty()) {
            out.directory(prefix, Tree.DEFAULT_DIRECTORY_MODE);
        }
        for (TreeEntry e : tree.entries()) {
            String path = TreePaths.join(prefix, e.path());
            int mode = permissions == null ? e.mode() : permissions;
            switch (e.kind()) {
                case DIRECTORY -> out.directory(path, mode);
                case SYMLINK -> out.symlink(path, e.target());
                case FILE -> {
                    try (InputStream content = store.open(e.blob())) {
                        out.file(path, mode, e.size(), content);
                    }
                }
            }
        }
    }

    /** One file's record at {@code path}. */
    public static void writeFile(FileStore store, TreeEntry file, String path, Integer permissions,
            Bundle.Writer out) throws IOException {
        try (InputStream content = store.open(file.blob())) {
            out.file(path, permissions == null ? file.mode() : permissions, file.size(), content);
        }
    }

    /** Stores a bundle of directory, file and link records (a capture) and returns its tree. */
    public static Tree read(FileStore store, Bundle.Reader in) throws IOException {
        List<TreeEntry> entries = new ArrayList<>();
        long bytes = 0;
        for (Bundle.Record r = in.next(); r != null; r = in.next()) {
            if (r.kind().equals("b")) {
                throw new FilesException("bundle: a blob record where files were expected");
            }
            String blob = null;
            if (r.kind().equals("f")) {
                bytes += r.size();
                if (bytes > FileStore.MAX_TOTAL_BYTES || entries.size() >= FileStore.MAX_ENTRIES) {
                    throw new FilesException("the files are over Berth's limits (" + FileStore.MAX_ENTRIES
                            + " entries, 4 GiB)");
                }
                blob = store.put(r.content(), r.size(), null);
            }
            entries.add(r.entry(blob));
        }
        return Tree.of(entries);
    }

    /**
     * Stores a bundle of blob records (an upload): each must be one of {@code wanted} and its
     * content must have that digest. Returns the digests stored.
     */
    public static Set<String> readBlobs(FileStore store, Bundle.Reader in, Set<String> wanted) throws IOException {
        Set<String> stored = new HashSet<>();
        for (Bundle.Record r = in.next(); r != null; r = in.next()) {
            if (!r.kind().equals("b")) {
                throw new FilesException("bundle: only blob records belong in an upload, found \"" + r.kind() + "\"");
            }
            if (!wanted.contains(r.digest())) {
                throw new FilesException("bundle: blob " + r.digest() + " was not asked for");
            }
            store.put(r.content(), r.size(), r.digest());
            stored.add(r.digest());
        }
        return stored;
    }
}
