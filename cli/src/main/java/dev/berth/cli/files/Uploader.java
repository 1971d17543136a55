package dev.berth.cli.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A {@code readHost} request (docs/files.md): the listing with every file's SHA-256 goes to the
 * API, which answers which blobs its store lacks; only those are sent. A tree uploaded before
 * (by any session of the operator) costs one manifest and no blobs.
 */
public final class Uploader {

    /** What the channel answer reports. */
    public record Uploaded(long files, long bytes, long sentBlobs, long sentBytes) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The API checks up to 200,000 digests against its store: allow it time. */
    private static final Duration MANIFEST_TIMEOUT = Duration.ofMinutes(10);

    private final SessionApi api;
    private final HostPaths paths;
    private final Limits limits;
    private final Consumer<String> stderr;

    /** {@code stderr} prints one line for the user (progress of large uploads). */
    public Uploader(SessionApi api, HostPaths paths, Limits limits, Consumer<String> stderr) {
        this.api = api;
        this.paths = paths;
        this.limits = limits;
        this.stderr = stderr;
    }

    /**
     * Uploads {@code path} for request {@code requestId}; {@code directory} false is
     * {@code Host.file}. {@code cancelled} stops sending when berth is shutting down.
     */
    public Uploaded upload(String requestId, boolean directory, String path, List<String> include,
            List<String> exclude, BooleanSupplier cancelled) throws IOException {
        HostPatterns patterns;
        try {
            patterns = HostPatterns.of(include, exclude);
        } catch (IllegalArgumentException e) {
            throw new TransferException("cannot upload " + path + ": " + e.getMessage());
        }
        Path resolved = paths.resolve(path);
        HostTree.Listing listing = directory ? HostTree.directory(path, resolved, patterns, limits)
                : HostTree.file(path, resolved, limits);
        List<ManifestEntry> entries = FileHasher.hash(path, listing.entries(), listing.bytes());
        long files = 0;
        long bytes = 0;
        Map<String, ManifestEntry> byDigest = new LinkedHashMap<>();
        for (ManifestEntry entry : entries) {
            if (entry.isFile()) {
                files++;
                bytes += entry.size();
                byDigest.putIfAbsent(entry.digest(), entry);
            }
        }
        List<ManifestEntry> missing = missing(requestId, path, entries, byDigest);
        long sentBytes = missing.stream().mapToLong(ManifestEntry::size).sum();
        if (!missing.isEmpty()) {
            UploadProgress progress = new UploadProgress(path, files, bytes, sentBytes, stderr, System::nanoTime);
            sendBlobs(requestId, path, missing, progress, cancelled);
            progress.done();
        }
        return new Uploaded(files, bytes, missing.size(), sentBytes);
    }

    /** POSTs the manifest; the API answers the digests it lacks. */
    private List<ManifestEntry> missing(String requestId, String path, List<ManifestEntry> entries,
            Map<String, ManifestEntry> byDigest) throws IOException {
        ObjectNode manifest = JSON.createObjectNode();
        ArrayNode array = manifest.putArray("entries");
        for (ManifestEntry entry : entries) {
            entry.writeTo(array.addObject());
        }
        HttpRequest request = api.request("uploads", requestId, "manifest")
                .timeout(MANIFEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(manifest)))
                .build();
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString(), path, null);
        if (response.statusCode() != 200) {
            throw new TransferException(SessionApi.reason(response.statusCode(), response.body(),
                    "uploading " + path + " (manifest)"));
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new TransferException("uploading " + path + ": the API's answer to the manifest is not JSON");
        }
        if (answer == null || !answer.path("missing").isArray()) {
            throw new TransferException("uploading " + path + ": the API's answer to the manifest has no 'missing'");
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (JsonNode digest : answer.path("missing")) {
            if (!byDigest.containsKey(digest.asText())) {
                throw new TransferException("uploading " + path + ": the API asked for blob " + digest.asText()
                        + ", which is not in the manifest");
            }
            wanted.add(digest.asText());
        }
        List<ManifestEntry> missing = new ArrayList<>(wanted.size());
        wanted.forEach(digest -> missing.add(byDigest.get(digest)));
        return missing;
    }

    /** POSTs the bundle of missing blobs, streamed from the files. */
    private void sendBlobs(String requestId, String path, List<ManifestEntry> missing, UploadProgress progress,
            BooleanSupplier cancelled) throws IOException {
        AtomicReference<BlobStream> body = new AtomicReference<>();
        HttpRequest request = api.request("uploads", requestId, "blobs")
                .header("Content-Type", "application/octet-stream")
                // the exact length: the API reads it as one bounded body, no chunking
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
                    BlobStream stream = new BlobStream(path, missing, progress, cancelled);
                    body.set(stream);
                    return stream;
                }), BlobStream.length(missing)))
                .build();
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString(), path, body);
        if (response.statusCode() / 100 != 2) {
            throw new TransferException(SessionApi.reason(response.statusCode(), response.body(),
                    "uploading " + path + " (blobs)"));
        }
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, String path,
            AtomicReference<BlobStream> body) throws IOException {
        try {
            return api.http().send(request, handler);
        } catch (IOException e) {
            // a file that changed says so; the HTTP client's own message would not
            BlobStream stream = body == null ? null : body.get();
            if (stream != null && stream.failure() != null) {
                throw stream.failure();
            }
            if (e instanceof ConnectException) {
                throw new TransferException("uploading " + path + ": cannot reach the Berth API at " + api.describe()
                        + " (connection refused)", e);
            }
            throw new TransferException("uploading " + path + " failed: " + SessionApi.reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransferException("uploading " + path + ": interrupted");
        }
    }
}
