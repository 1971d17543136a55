package dev.berth.engine.k8s.session;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where exec pods' runners post their events when the chain ends ({@code BERTH_REPORT}), so the
 * engine has an exec's results the moment it finishes instead of when the kubelet next notices the
 * container ended (its relist runs once a second) and reports the pod finished.
 *
 * <p>Each pod gets its own random token, valid while the engine waits for that pod. A report
 * says no more than the pod log does (both come from the runner in the pod), so the engine trusts
 * it as it trusts the log; one that never comes (the pod cannot reach this address, the operator
 * restarted) costs only the speed: the engine still watches the pod and reads its log.
 */
public final class ExecReports implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExecReports.class);
    static final String PATH = "/exec-reports/";
    /** Larger reports are refused; the runner sends none above 8 MiB anyway. */
    static final int MAX_BYTES = 16 << 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final URI advertised;
    private final Map<String, Expected> expected = new ConcurrentHashMap<>();
    private final AtomicLong delivered = new AtomicLong();

    /** One pod's report, awaited. */
    public final class Expected implements AutoCloseable {
        private final String key;
        private final String token;
        private final CompletableFuture<String> events = new CompletableFuture<>();

        private Expected(String key, String token) {
            this.key = key;
            this.token = token;
        }

        /** The value of the pod's {@code BERTH_REPORT}: where to post, and with which token. */
        public String target() {
            return "{\"url\":\"" + advertised.resolve(PATH + key) + "\",\"token\":\"" + token + "\"}";
        }

        /** The runner's event lines, once posted. */
        public CompletableFuture<String> events() {
            return events;
        }

        @Override
        public void close() {
            expected.remove(key, this);
        }
    }

    private ExecReports(HttpServer server, URI advertised) {
        this.server = server;
        this.advertised = advertised;
    }

    /**
     * @param bind       where to listen (the operator: all addresses, a fixed port)
     * @param advertised how pods reach it, e.g. {@code http://<operator pod IP>:8081}; its port may
     *                   be 0 when {@code bind}'s is, and is then the port actually bound
     */
    public static ExecReports start(InetSocketAddress bind, URI advertised) throws IOException {
        HttpServer server = HttpServer.create(bind, 64);
        URI base = advertised.getPort() == 0 ? URI.create(advertised.getScheme() + "://" + advertised.getHost() + ":"
                + server.getAddress().getPort()) : advertised;
        ExecReports reports = new ExecReports(server, base);
        server.createContext(PATH, reports::handle);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "berth-exec-reports");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        LOG.info("exec reports: listening on {}, pods post to {}", server.getAddress(), base);
        return reports;
    }

    /** Starts waiting for pod {@code namespace/pod}'s report; close it when no longer waiting. */
    public Expected expect(String namespace, String pod) {
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        Expected e = new Expected(namespace + "/" + pod, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
        expected.put(e.key, e);
        return e;
    }

    /** Reports taken so far (what tests and operators check to see the fast path works here). */
    public long delivered() {
        return delivered.get();
    }

    public URI advertised() {
        return advertised;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String key = exchange.getRequestURI().getPath().substring(PATH.length());
            Expected e = expected.get(key);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (e == null) {
                exchange.sendResponseHeaders(404, -1); // not awaited (any more): the log will do
                return;
            }
            if (auth == null || !MessageDigest.isEqual(("Bearer " + e.token).getBytes(StandardCharsets.UTF_8),
                    auth.getBytes(StandardCharsets.UTF_8))) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BYTES + 1);
            }
            if (body.length > MAX_BYTES) {
                exchange.sendResponseHeaders(413, -1);
                return;
            }
            if (e.events.complete(new String(body, StandardCharsets.UTF_8))) {
                delivered.incrementAndGet();
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
