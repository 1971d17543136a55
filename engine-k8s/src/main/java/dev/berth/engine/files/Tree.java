package dev.berth.engine.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A directory's listing, immutable: every entry by its relative path (the root itself is
 * implicit). Named by the SHA-256 of its canonical JSON ({@link #digest()}), so equal trees have
 * one name, and stored as a blob under that name. Contents are blobs named in the entries.
 */
public final class Tree {

    public static final int DEFAULT_DIRECTORY_MODE = 0755;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Tree EMPTY = new Tree(new TreeMap<>());

    private final NavigableMap<String, TreeEntry> entries;
    private String digest;
    private byte[] json;

    private Tree(NavigableMap<String, TreeEntry> entries) {
        this.entries = Collections.unmodifiableNavigableMap(entries);
    }

    public static Tree empty() {
        return EMPTY;
    }

    /**
     * A tree of {@code entries}; directories missing on the way to an entry are added (0755). An
     * entry below a file or link, or two entries at one path, are refused.
     */
    public static Tree of(Collection<TreeEntry> entries) {
        TreeMap<String, TreeEntry> map = new TreeMap<>();
        for (TreeEntry entry : entries) {
            if (map.putIfAbsent(entry.path(), entry) != null) {
                throw new FilesException(entry.path() + ": listed twice");
            }
        }
        for (TreeEntry entry : List.copyOf(map.values())) {
            addParents(map, entry.path());
        }
        return new Tree(map);
    }

    private static void addParents(TreeMap<String, TreeEntry> map, String path) {
        for (String parent = TreePaths.parent(path); !parent.isEmpty(); parent = TreePaths.parent(parent)) {
            TreeEntry existing = map.get(parent);
            if (existing == null) {
                map.put(parent, TreeEntry.directory(parent, DEFAULT_DIRECTORY_MODE));
            } else if (existing.kind() != TreeEntry.Kind.DIRECTORY) {
                throw new FilesException(path + ": its parent " + parent + " is not a directory");
            } else {
                return; // its own parents were added with it
            }
        }
    }

    public Collection<TreeEntry> entries() {
        return entries.values();
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Bytes of all regular files. */
    public long totalBytes() {
        long total = 0;
        for (TreeEntry e : entries.values()) {
            total += e.size();
        }
        return total;
    }

    /** The entries below {@code dir} ("" is the root), with paths relative to the tree's root. */
    private NavigableMap<String, TreeEntry> below(String dir) {
        if (dir.isEmpty()) {
            return entries;
        }
        // '/' + 1 is '0': the keys "dir/..." sort between "dir/" and "dir0".
        return entries.subMap(dir + "/", true, dir + "0", false);
    }

    private TreeEntry requireDirectory(String dir, String field) {
        if (dir.isEmpty()) {
            return null;
        }
        TreeEntry entry = entries.get(dir);
        if (entry == null) {
            throw new FilesException(field + ": no such directory: " + dir);
        }
        if (entry.kind() != TreeEntry.Kind.DIRECTORY) {
            throw new FilesException(field + ": " + dir + " is not a directory");
        }
        return entry;
    }

    /** The directory at {@code path} as a tree of its own. */
    public Tree subtree(String path, String field) {
        String dir = TreePaths.clean(path, field);
        requireDirectory(dir, field);
        if (dir.isEmpty()) {
            return this;
        }
        TreeMap<String, TreeEntry> out = new TreeMap<>();
        int cut = dir.length() + 1;
        below(dir).values().forEach(e -> out.put(e.path().substring(cut), e.at(e.path().substring(cut))));
        return new Tree(out);
    }

    /** The regular file at {@code path}. */
    public TreeEntry file(String path, String field) {
        String clean = TreePaths.clean(path, field);
        TreeEntry entry = clean.isEmpty() ? null : entries.get(clean);
        if (entry == null) {
            throw new FilesException(field + ": no such file: " + clean);
        }
        if (entry.kind() == TreeEntry.Kind.SYMLINK) {
            TreeEntry resolved = followed(entry, 0);
            if (resolved != null) {
                return resolved;
            }
        }
        if (entry.kind() != TreeEntry.Kind.FILE) {
            throw new FilesException(field + ": " + clean + " is not a regular file");
        }
        return entry;
    }

    /** A link inside the tree to a regular file, resolved; null if it leads elsewhere. */
    private TreeEntry followed(TreeEntry link, int depth) {
        if (depth > 40 || link.target().startsWith("/")) {
            return null;
        }
        String resolved;
        try {
            resolved = TreePaths.clean(TreePaths.join(TreePaths.parent(link.path()), link.target()), "link");
        } catch (FilesException e) {
            return null;
        }
        TreeEntry target = entries.get(resolved);
        if (target == null) {
            return null;
        }
        if (target.kind() == TreeEntry.Kind.SYMLINK) {
            return followed(target, depth + 1);
        }
        return target.kind() == TreeEntry.Kind.FILE ? target.at(link.path()) : null;
    }

    /** Names in the directory at {@code path}, directories with a trailing "/" (Dagger v0.17+). */
    public List<String> names(String path, String field) {
        String dir = TreePaths.clean(path, field);
        requireDirectory(dir, field);
        List<String> out = new ArrayList<>();
        for (TreeEntry e : below(dir).values()) {
            if (TreePaths.parent(e.path()).equals(dir)) {
                out.add(e.kind() == TreeEntry.Kind.DIRECTORY ? e.name() + "/" : e.name());
            }
        }
        return out;
    }

    /** This tree with {@code entry} put at its path: what was there (a whole directory too) is replaced. */
    public Tree with(TreeEntry entry) {
        TreeMap<String, TreeEntry> out = new TreeMap<>(entries);
        put(out, entry);
        return new Tree(out);
    }

    /** This tree with a directory at {@code path} (kept if there), {@code other}'s entries merged into it. */
    public Tree withTree(String path, Tree other, String field) {
        String dir = TreePaths.clean(path, field);
        TreeMap<String, TreeEntry> out = new TreeMap<>(entries);
        if (!dir.isEmpty()) {
            TreeEntry existing = out.get(dir);
            if (existing == null || existing.kind() != TreeEntry.Kind.DIRECTORY) {
                put(out, TreeEntry.directory(dir, DEFAULT_DIRECTORY_MODE));
            }
        }
        for (TreeEntry e : other.entries.values()) {
            TreeEntry moved = e.at(TreePaths.join(dir, e.path()));
            TreeEntry existing = out.get(moved.path());
            if (moved.kind() == TreeEntry.Kind.DIRECTORY && existing != null
                    && existing.kind() == TreeEntry.Kind.DIRECTORY) {
                out.put(moved.path(), moved); // merge: keep what is inside, take the mode
            } else {
                put(out, moved);
            }
        }
        return new Tree(out);
    }

    /** This tree without the entry at {@code path} (and what is below it). Missing is not an error. */
    public Tree without(String path, String field) {
        String clean = TreePaths.clean(path, field);
        if (clean.isEmpty()) {
            return EMPTY;
        }
        TreeMap<String, TreeEntry> out = new TreeMap<>(entries);
        out.remove(clean);
        out.keySet().removeAll(List.copyOf(below(clean).keySet()));
        return new Tree(out);
    }

    private static void put(TreeMap<String, TreeEntry> map, TreeEntry entry) {
        TreeEntry replaced = map.put(entry.path(), entry);
        if (replaced != null && replaced.kind() == TreeEntry.Kind.DIRECTORY
                && entry.kind() != TreeEntry.Kind.DIRECTORY) {
            map.subMap(entry.path() + "/", true, entry.path() + "0", false).clear();
        }
        String path = entry.path();
        for (String parent = TreePaths.parent(path); !parent.isEmpty(); parent = TreePaths.parent(parent)) {
            TreeEntry existing = map.get(parent);
            if (existing != null && existing.kind() == TreeEntry.Kind.DIRECTORY) {
                break;
            }
            // Missing, or a file or link where a directory must go: replaced, as cp does.
            map.put(parent, TreeEntry.directory(parent, DEFAULT_DIRECTORY_MODE));
        }
    }

    // ---- canonical form ------------------------------------------------------------------

    /** The canonical JSON: entries sorted by path, fields in a fixed order. */
    public byte[] toJson() {
        if (json == null) {
            ArrayNode array = JSON.createArrayNode();
            for (TreeEntry e : entries.values()) {
                ObjectNode o = array.addObject();
                o.put("p", e.path()).put("k", e.kind().code()).put("m", e.mode());
                switch (e.kind()) {
                    case FILE -> o.put("s", e.size()).put("d", e.blob());
                    case SYMLINK -> o.put("l", e.target());
                    case DIRECTORY -> { }
                }
            }
            try {
                json = JSON.writeValueAsBytes(array);
            } catch (IOException e) {
                throw new IllegalStateException("a tree is always serialisable", e);
            }
        }
        return json.clone();
    }

    public String digest() {
        if (digest == null) {
            digest = Blobs.of(toJson());
        }
        return digest;
    }

    /** A tree from its canonical JSON (or a manifest in the same shape). */
    public static Tree fromJson(JsonNode array) {
        if (array == null || !array.isArray()) {
            throw new FilesException("a tree listing must be a JSON array");
        }
        List<TreeEntry> list = new ArrayList<>(array.size());
        for (JsonNode o : array) {
            list.add(entry(o));
        }
        return of(list);
    }

    static TreeEntry entry(JsonNode o) {
        if (!o.isObject() || !o.path("p").isTextual() || !o.path("k").isTextual()) {
            throw new FilesException("an entry needs a path (p) and a kind (k)");
        }
        TreeEntry.Kind kind = TreeEntry.Kind.ofCode(o.get("k").asText());
        int mode = o.path("m").asInt(kind == TreeEntry.Kind.DIRECTORY ? DEFAULT_DIRECTORY_MODE : 0644);
        return new TreeEntry(o.get("p").asText(), kind, mode, o.path("s").asLong(0),
                o.path("d").isTextual() ? o.get("d").asText() : null,
                o.path("l").isTextual() ? o.get("l").asText() : null);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Tree t && t.digest().equals(digest());
    }

    @Override
    public int hashCode() {
        return digest().hashCode();
    }

    @Override
    public String toString() {
        return "Tree(" + entries.size() + " entries, " + digest() + ")";
    }
}
