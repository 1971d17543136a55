package dev.berth.operator.api.host;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.files.Bundle;
import dev.berth.engine.files.FileStore;
import dev.berth.engine.files.FilesException;
import dev.berth.engine.files.Tree;
import dev.berth.engine.files.TreeEntry;
import dev.berth.engine.files.TreeTransfer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bytes of one session's host file requests (docs/files.md), between the channel request
 * that starts one and the berth process's HTTP calls that carry them: the manifest and blobs of
 * an upload ({@code readHost}), the bundle of an export. Keyed by the channel request's id.
 */
public final class FileTransfers {

    private final FileStore store;
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
    private final Map<String, Tree> exports = new ConcurrentHashMap<>();

    public FileTransfers(FileStore store) {
        this.store = store;
    }

    /** An upload in progress: its listing once sent, and the blobs the store lacked then. */
    static final class Upload {
        private volatile Tree tree;
        private volatile Set<String> missing = Set.of();
        private volatile long sentBlobs;
        private volatile long sentBytes;
    }

    /** The outcome of an upload: the tree, and how many blobs and bytes were actually sent. */
    public record Uploaded(Tree tree, long sentBlobs, long sentBytes) {
    }

    /** Not a request of this session (or one already finished): the HTTP call answers 404. */
    public static final class UnknownRequest extends RuntimeException {
        UnknownRequest(String id) {
            super("no file transfer " + id + " is in progress in this session");
        }
    }

    void expectUpload(String requestId) {
        uploads.put(requestId, new Upload());
    }

    void expectExport(String requestId, Tree tree) {
        exports.put(requestId, tree);
    }

    /** Ends the upload: its tree, once every blob it names is held. */
    Uploaded finishUpload(String requestId) {
        Upload upload = uploads.remove(requestId);
        if (upload == null || upload.tree == null) {
            throw new FilesException("the berth process answered without sending the listing");
        }
        Set<String> stillMissing = store.missing(blobs(upload.tree));
        if (!stillMissing.isEmpty()) {
            throw new FilesException("the berth process did not send " + stillMissing.size()
                    + " of the files' contents");
        }
        return new Uploaded(upload.tree, upload.sentBlobs, upload.sentBytes);
    }

    void forget(String requestId) {
        uploads.remove(requestId);
        exports.remove(requestId);
    }

    /** {@code POST .../uploads/<id>/manifest}: records the listing and answers the blobs to send. */
    public Set<String> manifest(String requestId, JsonNode body) {
        Upload upload = uploads.get(requestId);
        if (upload == null) {
            throw new UnknownRequest(requestId);
        }
        if (body == null || !body.path("entries").isArray()) {
            throw new FilesException("the manifest must be {\"entries\": [...]}");
        }
        if (body.get("entries").size() > FileStore.MAX_ENTRIES) {
            throw new FilesException("the directory has " + body.get("entries").size()
                    + " entries; Berth takes at most " + FileStore.MAX_ENTRIES);
        }
        Tree tree = Tree.fromJson(body.get("entries"));
        FileStore.checkLimits(tree, "the directory");
        upload.tree = tree;
        upload.missing = store.missing(blobs(tree));
        return upload.missing;
    }

    /**
     * Most bytes a blob bundle for this upload may have: the missing blobs' sizes plus their
     * headers. Bounds what a client can make the operator write before the bundle is checked.
     */
    public long blobBudget(String requestId) {
        Upload upload = uploads.get(requestId);
        if (upload == null) {
            throw new UnknownRequest(requestId);
        }
        if (upload.tree == null) {
            throw new FilesException("send the manifest before the blobs");
        }
        long bytes = 64;
        java.util.Set<String> counted = new java.util.HashSet<>();
        for (TreeEntry e : upload.tree.entries()) {
            if (e.blob() != null && upload.missing.contains(e.blob()) && counted.add(e.blob())) {
                bytes += e.size() + 256;
            }
        }
        return bytes;
    }

    /** {@code POST .../uploads/<id>/blobs}: stores a bundle of blob records the manifest asked for. */
    public void blobs(String requestId, InputStream bundle) throws IOException {
        Upload upload = uploads.get(requestId);
        if (upload == null) {
            throw new UnknownRequest(requestId);
        }
        if (upload.tree == null) {
            throw new FilesException("send the manifest before the blobs");
        }
        Set<String> stored = TreeTransfer.readBlobs(store, new Bundle.Reader(bundle), upload.missing);
        upload.sentBlobs += stored.size();
        long bytes = 0;
        for (TreeEntry e : upload.tree.entries()) {
            if (e.blob() != null && stored.remove(e.blob())) { // each blob counted once
                bytes += e.size();
            }
        }
        upload.sentBytes += bytes;
    }

    /** {@code GET .../exports/<id>}: the tree's bundle. */
    public void export(String requestId, OutputStream out) throws IOException {
        Tree tree = exports.remove(requestId);
        if (tree == null) {
            throw new UnknownRequest(requestId);
        }
        Bundle.Writer writer = new Bundle.Writer(out);
        TreeTransfer.write(store, tree, "", null, writer);
        writer.end();
    }

    private static Set<String> blobs(Tree tree) {
        Set<String> out = new java.util.LinkedHashSet<>();
        tree.entries().forEach(e -> {
            if (e.blob() != null) {
                out.add(e.blob());
            }
        });
        return out;
    }
}
