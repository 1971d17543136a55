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
        ObjectNode request = readRequest("directory", path);
        request.putPOJO("exclude", exclude).putPOJO("include", include);
        return upload(request, "reading directory " + path + " on your machine").tree();
    }

    /** The host file at {@code path}: the entry named by its base name. */
    public TreeEntry file(String path) {
        Tree tree = upload(readRequest("file", path), "reading file " + path + " on your machine").tree();
        if (tree.size() != 1 || tree.entries().iterator().next().kind() != TreeEntry.Kind.FILE) {
            throw new FilesException("file " + path + ": the berth process sent " + tree.size() + " entries, not one file");
        }
        return tree.entries().iterator().next();
    }

    private ObjectNode readRequest(String kind, String path) {
        ObjectNode request = link.openChannel("Host." + kind).newRequest("readHost");
        request.put("kind", kind).put("path", path);
        return request;
    }

    private FileTransfers.Uploaded upload(ObjectNode request, String what) {
        HostChannel channel = link.openChannel(what);
        String id = request.get("id").asText();
        transfers.expectUpload(id);
        try {
            JsonNode answer = channel.ask(request, what, TRANSFER_TIMEOUT);
            FileTransfers.Uploaded done = transfers.finishUpload(id);
            // The line an operator (and the tests) read to see what a re-upload cost.
            LOG.infof("session %s: %s: %d entries, %d bytes; uploaded %d blobs, %d bytes", sessionId, what,
                    done.tree().size(), done.tree().totalBytes(), done.sentBlobs(), done.sentBytes());
            if (answer.path("sentBlobs").asLong(done.sentBlobs()) != done.sentBlobs()) {
                LOG.debugf("session %s: the berth process counted %s blobs sent", sessionId, answer.path("sentBlobs"));
            }
            return done;
        } finally {
            transfers.forget(id);
        }
    }

    /** Writes the tree under {@code path} on the user's machine; returns the absolute path written. */
    public String exportDirectory(Tree tree, String path, boolean wipe) {
        ObjectNode request = link.openChannel("Directory.export").newRequest("export");
        request.put("kind", "directory").put("path", path).put("wipe", wipe);
        return export(request, tree, "exporting a directory to " + path);
    }

    /** Writes the file at {@code path} (into it, named {@code file}'s name, if it is a directory and allowed). */
    public String exportFile(TreeEntry file, String path, boolean allowParentDirPath) {
        ObjectNode request = link.openChannel("File.export").newRequest("export");
        request.put("kind", "file").put("path", path).put("name", file.name())
                .put("allowParentDirPath", allowParentDirPath);
        return export(request, Tree.of(List.of(file.at(file.name()))), "exporting file " + file.name() + " to " + path);
    }

    private String export(ObjectNode request, Tree tree, String what) {
        HostChannel channel = link.openChannel(what);
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
