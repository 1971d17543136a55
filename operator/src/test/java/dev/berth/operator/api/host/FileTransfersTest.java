package dev.berth.operator.api.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.files.Blobs;
import dev.berth.engine.files.Bundle;
import dev.berth.engine.files.FileStore;
import dev.berth.engine.files.FilesException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server side of uploads and exports, fed what a berth process (or an attacker) might send. */
class FileTransfersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    private static JsonNode manifest(String entries) throws IOException {
        return JSON.readTree("{\"entries\":" + entries + "}");
    }

    private static byte[] blobs(String digest, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Bundle.Writer writer = new Bundle.Writer(out);
        writer.blob(digest, content.length, new ByteArrayInputStream(content));
        writer.end();
        return out.toByteArray();
    }

    @Test
    void anUploadAsksOnlyForWhatTheStoreLacksAndEndsWithTheTree() throws IOException {
        FileStore store = FileStore.at(root);
        byte[] held = "held".getBytes(StandardCharsets.UTF_8);
        byte[] fresh = "fresh".getBytes(StandardCharsets.UTF_8);
        store.putBytes(held);
        FileTransfers transfers = new FileTransfers(store);
        transfers.expectUpload("r1");
        Set<String> missing = transfers.manifest("r1", manifest("[{\"p\":\"a\",\"k\":\"f\",\"m\":420,\"s\":4,\"d\":\""
                + Blobs.of(held) + "\"},{\"p\":\"sub/b\",\"k\":\"f\",\"m\":493,\"s\":5,\"d\":\"" + Blobs.of(fresh) + "\"}]"));
        assertEquals(Set.of(Blobs.of(fresh)), missing);
        assertTrue(transfers.blobBudget("r1") >= fresh.length, "the budget covers the missing blob");
        transfers.blobs("r1", new ByteArrayInputStream(blobs(Blobs.of(fresh), fresh)));
        FileTransfers.Uploaded done = transfers.finishUpload("r1");
        assertEquals(3, done.tree().size(), "a, sub, sub/b");
        assertEquals(1, done.sentBlobs());
        assertEquals(5, done.sentBytes());
    }

    @Test
    void malformedOrHostileInputIsRefusedWithTheReason() throws IOException {
        FileTransfers transfers = new FileTransfers(FileStore.at(root));
        assertThrows(FileTransfers.UnknownRequest.class, () -> transfers.manifest("nope", manifest("[]")));
        transfers.expectUpload("r2");
        FilesException escape = assertThrows(FilesException.class, () -> transfers.manifest("r2",
                manifest("[{\"p\":\"../etc/passwd\",\"k\":\"f\",\"m\":420,\"s\":1,\"d\":\"" + Blobs.of(new byte[1]) + "\"}]")));
        assertTrue(escape.getMessage().contains(".."), escape.getMessage());
        assertThrows(FilesException.class, () -> transfers.manifest("r2", JSON.readTree("{\"files\":[]}")));
        assertThrows(FilesException.class, () -> transfers.blobs("r2", new ByteArrayInputStream(new byte[0])),
                "blobs before a manifest");
        byte[] content = "x".getBytes(StandardCharsets.UTF_8);
        transfers.manifest("r2", manifest("[{\"p\":\"x\",\"k\":\"f\",\"m\":420,\"s\":1,\"d\":\"" + Blobs.of(content) + "\"}]"));
        byte[] other = "y".getBytes(StandardCharsets.UTF_8);
        assertThrows(FilesException.class, () -> transfers.blobs("r2", new ByteArrayInputStream(blobs(Blobs.of(other), other))),
                "a blob that was not asked for");
        assertThrows(FilesException.class, () -> transfers.blobs("r2", new ByteArrayInputStream(blobs(Blobs.of(content), other))),
                "content that does not match its digest");
        FilesException unsent = assertThrows(FilesException.class, () -> transfers.finishUpload("r2"));
        assertTrue(unsent.getMessage().contains("did not send 1"), unsent.getMessage());
    }

    @Test
    void anExportIsServedOnceAsABundleOfTheTree() throws IOException {
        FileStore store = FileStore.at(root);
        byte[] content = "exported".getBytes(StandardCharsets.UTF_8);
        dev.berth.engine.files.Tree tree = dev.berth.engine.files.Tree.of(java.util.List.of(
                dev.berth.engine.files.TreeEntry.file("out/f", 0640, content.length, store.putBytes(content))));
        FileTransfers transfers = new FileTransfers(store);
        transfers.expectExport("r3", tree);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        transfers.export("r3", out);
        String bundle = out.toString(StandardCharsets.UTF_8);
        assertTrue(bundle.contains("\"p\":\"out/f\"") && bundle.contains("exported") && bundle.endsWith("{\"end\":true}\n"),
                bundle);
        assertThrows(FileTransfers.UnknownRequest.class, () -> transfers.export("r3", new ByteArrayOutputStream()),
                "an export is fetched once");
    }
}
