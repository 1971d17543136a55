package dev.berth.operator.api.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.files.FileStore;
import dev.berth.engine.files.FilesException;
import dev.berth.engine.files.Tree;
import dev.berth.engine.files.TreeEntry;
import dev.berth.engine.k8s.host.HostAgentException;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Files on the user's machine (docs/files.md): {@code Host.directory/file} read there by the
 * berth process and uploaded into the file store, {@code export} written there. The channel
 * carries the requests; the bytes travel over HTTP ({@link FileTransfers}).
 */
public final class HostFiles {

    private static final Logger LOG = Logger.getLogger(HostFiles.class);
    /** Hashing and sending a large tree takes a while; a vanished berth process ends the channel sooner. */
    static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(30);

    private final String sessionId;
    private final HostLink link;
    private final FileTransfers transfers;

    public HostFiles(String sessionId, HostLink link, FileStore store) {
        this.sessionId = sessionId;
        this.link = link;
        this.transfers = new FileTransfers(store);
    }

    public FileTransfers transfers() {
        return transfers;
    }

    /** The host directory at {@code path}, filtered by Dagger's patterns, held in the store. */
    public Tree directory(String path, List<String> exclude, List<String> include) {
        String what = "reading directory " + path + " on your machine";
        HostChannel channel = link.openChannel(what);
        ObjectNode request = readRequest(channel, "directory", path);
        request.putPOJO("exclude", exclude).putPOJO("include", include);
        return upload(channel, request, what).tree();
    }

    /** The host file at {@code path}: the entry named by its base name. */
    public TreeEntry file(String path) {
        String what = "reading file " + path + " on your machine";
        HostChannel channel = link.openChannel(what);
        Tree tree = upload(channel, readRequest(channel, "file", path), what).tree();
        if (tree.size() != 1 || tree.entries().iterator().next().kind() != TreeEntry.Kind.FILE) {
            throw new FilesException("file " + path + ": the berth process sent " + tree.size() + " entries, not one file");
        }
        return tree.entries().iterator().next();
    }

    /** Request ids are the channel's own: a request is made and sent on one channel. */
    private static ObjectNode readRequest(HostChannel channel, String kind, String path) {
        ObjectNode request = channel.newRequest("readHost");
        request.put("kind", kind).put("path", path);
        return request;
    }

    private FileTransfers.Uploaded upload(HostChannel channel, ObjectNode request, String what) {
        String id = request.get("id").asText();
        transfers.expectUpload(id);
        try {
            channel.ask(request, what, TRANSFER_TIMEOUT);
            FileTransfers.Uploaded done = transfers.finishUpload(id);
            // The line an operator (and the tests) read to see what a re-upload cost.
            LOG.infof("session %s: %s: %d entries, %d bytes; uploaded %d blobs, %d bytes", sessionId, what,
                    done.tree().size(), done.tree().totalBytes(), done.sentBlobs(), done.sentBytes());
            return done;
        } finally {
            transfers.forget(id);
        }
    }

    /** Writes the tree under {@code path} on the user's machine; returns the absolute path written. */
    public String exportDirectory(Tree tree, String path, boolean wipe) {
        String what = "exporting a directory to " + path;
        HostChannel channel = link.openChannel(what);
        ObjectNode request = channel.newRequest("export");
        request.put("kind", "directory").put("path", path).put("wipe", wipe);
        return export(channel, request, tree, what);
    }

    /** Writes the file at {@code path} (into it, named {@code file}'s name, if it is a directory and allowed). */
    public String exportFile(TreeEntry file, String path, boolean allowParentDirPath) {
        String what = "exporting file " + file.name() + " to " + path;
        HostChannel channel = link.openChannel(what);
        ObjectNode request = channel.newRequest("export");
        request.put("kind", "file").put("path", path).put("name", file.name())
                .put("allowParentDirPath", allowParentDirPath);
        return export(channel, request, Tree.of(List.of(file.at(file.name()))), what);
    }

    private String export(HostChannel channel, ObjectNode request, Tree tree, String what) {
        String id = request.get("id").asText();
        transfers.expectExport(id, tree);
        try {
            JsonNode answer = channel.ask(request, what, TRANSFER_TIMEOUT);
            String written = answer.path("path").asText("");
            if (written.isEmpty()) {
                throw new HostAgentException(what + ": the berth process did not say where it wrote");
            }
            return written;
        } finally {
            transfers.forget(id);
        }
    }
}
