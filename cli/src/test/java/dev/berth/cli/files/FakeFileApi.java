package dev.berth.cli.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The engine's side of docs/files.md on 127.0.0.1 (the JDK's HTTP server): a content-addressed
 * blob store answering manifests with the digests it lacks, checking the blobs it is sent, and
 * serving prepared export bundles.
 */
final class FakeFileApi implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final String session;
    final String token;
    final Map<String, byte[]> store = new ConcurrentHashMap<>();
    final Map<String, JsonNode> manifests = new ConcurrentHashMap<>();
    final Map<String, byte[]> exports = new ConcurrentHashMap<>();
    /** "METHOD path" of every request. */
    final List<String> requests = new CopyOnWriteArrayList<>();
    /** Content-Length of each blobs request. */
    final List<String> blobLengths = new CopyOnWriteArrayList<>();
    /** Runs with the request id when a manifest arrives, before it is answered. */
    volatile Consumer<String> onManifest = id -> { };
    /** When set, every manifest is refused with this status and body. */
    volatile int refuseStatus;
    volatile String refuseBody = "";
    private final Map<String, Set<String>> wanted = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    FakeFileApi(String session, String token) throws IOException {
        this.session = session;
        this.token = token;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    SessionApi api() {
        return new SessionApi(base(), session, token);
    }

    List<String> requestsOf(String kind) {
        return requests.stream().filter(r -> r.contains("/" + kind + "/") || r.endsWith("/" + kind)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            String basic = "Basic "
                    + Base64.getEncoder().encodeToString((token + ":").getBytes(StandardCharsets.UTF_8));
            if (!basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                text(exchange, 401, "unauthorized");
                return;
            }
            String[] parts = path.split("/");
            // /sessions/<session>/uploads/<id>/manifest|blobs, /sessions/<session>/exports/<id>
            if (parts.length < 5 || !parts[1].equals("sessions") || !parts[2].equals(session)) {
                text(exchange, 404, "no such endpoint " + path);
                return;
            }
            String id = parts[4];
            if (parts[3].equals("uploads") && parts.length == 6 && parts[5].equals("manifest")) {
                manifest(exchange, id);
            } else if (parts[3].equals("uploads") && parts.length == 6 && parts[5].equals("blobs")) {
                blobs(exchange, id);
            } else if (parts[3].equals("exports") && parts.length == 5) {
                byte[] bundle = exports.get(id);
                if (bundle == null) {
                    text(exchange, 404, "no export " + id + " in this session");
                    return;
                }
                exchange.sendResponseHeaders(200, bundle.length);
                exchange.getResponseBody().write(bundle);
            } else {
                text(exchange, 404, "no such endpoint " + path);
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    private void manifest(HttpExchange exchange, String id) throws IOException {
        JsonNode manifest = JSON.readTree(exchange.getRequestBody());
        manifests.put(id, manifest);
        onManifest.accept(id);
        if (refuseStatus != 0) {
            text(exchange, refuseStatus, refuseBody);
            return;
        }
        Set<String> missing = new LinkedHashSet<>();
        for (JsonNode entry : manifest.path("entries")) {
            if (entry.path("k").asText().equals("f") && !store.containsKey(entry.path("d").asText())) {
                missing.add(entry.path("d").asText());
            }
        }
        wanted.put(id, missing);
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode array = answer.putArray("missing");
        missing.forEach(array::add);
        byte[] body = JSON.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    private void blobs(HttpExchange exchange, String id) throws IOException {
        blobLengths.add(exchange.getRequestHeaders().getFirst("Content-Length"));
        Set<String> expected = wanted.getOrDefault(id, Set.of());
        List<String> received = new ArrayList<>();
        try (BundleReader reader = new BundleReader(exchange.getRequestBody())) {
            for (Bundle record = reader.next(); record.kind() != Bundle.Kind.END; record = reader.next()) {
                if (record.kind() != Bundle.Kind.BLOB) {
                    text(exchange, 400, "only blob records in an upload, got " + record.kind());
                    return;
                }
                byte[] content = reader.content().readAllBytes();
                String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
                if (!digest.equals(record.digest())) {
                    text(exchange, 400, "blob " + record.digest() + " has digest " + digest);
                    return;
                }
                if (!expected.contains(digest)) {
                    text(exchange, 400, "blob " + digest + " was not asked for");
                    return;
                }
                received.add(digest);
                store.put(digest, content);
            }
        } catch (IOException e) {
            drain(exchange.getRequestBody());
            text(exchange, 400, e.getMessage());
            return;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (received.size() != new LinkedHashSet<>(received).size() || !expected.containsAll(received)
                || received.size() != expected.size()) {
            text(exchange, 400, "blobs sent " + received + ", asked for " + expected);
            return;
        }
        exchange.sendResponseHeaders(204, -1);
    }

    private static void drain(InputStream in) {
        try {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the client is gone
        }
    }

    private static void text(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
