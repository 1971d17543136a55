package dev.berth.cli.host;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.TlsVersion;
import io.fabric8.kubernetes.client.internal.SSLUtils;
import io.fabric8.kubernetes.client.utils.URLUtils;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Port-forward through the Kubernetes API the way kubectl did before 1.31 (and still does where
 * WebSockets are not available): an HTTP upgrade to {@code SPDY/3.1} that the API server and the
 * kubelet pass through to the container runtime. Unlike a WebSocket client, nothing here masks
 * the bytes it sends, and nobody has to unmask them. One connection per pod, a new pair of SPDY
 * streams per TCP stream (no round trips of a new upgrade per connection), like kubectl.
 *
 * <p>Falls back to {@link WebSocketPortForwarder} when the kubeconfig asks for what this client
 * does not do (an HTTP proxy), when the server refuses the upgrade in a way that says SPDY is not
 * there, and for one call on HTTP 401 (fabric8 refreshes exec and auth-provider tokens on that
 * path). {@code BERTH_PORT_FORWARD=websocket} uses the WebSocket client for everything.
 */
public final class SpdyPortForwarder implements PodPortForwarder, AutoCloseable {

    /** The environment variable that picks the transport: {@code websocket} for the old one. */
    public static final String TRANSPORT_VARIABLE = "BERTH_PORT_FORWARD";

    private static final long OPEN_TIMEOUT_SECONDS = 30;
    private static final long IDLE_SECONDS = 120;
    private static final long CHECK_SECONDS = 5;
    private static final int MAX_ERROR_BODY = 16 * 1024;

    private final Supplier<KubernetesClient> clients;
    private final boolean ownsClient;
    private final long idleNanos;
    private final Map<String, Pod> pods = new HashMap<>();
    private KubernetesClient client;
    private WebSocketPortForwarder webSockets;
    private SSLContext tls;
    private ScheduledExecutorService checks;
    private boolean spdyOff;
    private boolean closed;

    /** With a client of the caller's (who closes it). */
    public SpdyPortForwarder(KubernetesClient client) {
        this(() -> client, false, false, TimeUnit.SECONDS.toNanos(IDLE_SECONDS));
    }

    /**
     * With a client of KUBECONFIG made on first use ({@code berth run --api} against a local operator
     * needs no cluster credentials until something is exposed); {@code webSocketOnly} for the old
     * transport everywhere.
     */
    public SpdyPortForwarder(boolean webSocketOnly) {
        this(() -> new KubernetesClientBuilder().build(), true, webSocketOnly, TimeUnit.SECONDS.toNanos(IDLE_SECONDS));
    }

    SpdyPortForwarder(Supplier<KubernetesClient> clients, boolean ownsClient, boolean webSocketOnly, long idleNanos) {
        this.clients = clients;
        this.ownsClient = ownsClient;
        this.spdyOff = webSocketOnly;
        this.idleNanos = idleNanos;
    }

    /** The forwarder the environment asks for: SPDY unless {@code BERTH_PORT_FORWARD=websocket}. */
    public static SpdyPortForwarder fromEnvironment(Map<String, String> env) {
        return new SpdyPortForwarder(webSocketOnly(env));
    }

    /** As {@link #fromEnvironment(Map)}, with a client of the caller's (who closes it). */
    public static SpdyPortForwarder fromEnvironment(Map<String, String> env, KubernetesClient client) {
        return new SpdyPortForwarder(() -> client, false, webSocketOnly(env), TimeUnit.SECONDS.toNanos(IDLE_SECONDS));
    }

    private static boolean webSocketOnly(Map<String, String> env) {
        return env.getOrDefault(TRANSPORT_VARIABLE, "").trim().toLowerCase(Locale.ROOT).equals("websocket");
    }

    private synchronized KubernetesClient client() {
        if (client == null) {
            client = clients.get();
            webSockets = new WebSocketPortForwarder(client);
        }
        return client;
    }

    private synchronized WebSocketPortForwarder webSockets() {
        client();
        return webSockets;
    }

    @Override
    public boolean stillDeclared(String namespace, String pod) {
        return webSockets().stillDeclared(namespace, pod);
    }

    @Override
    public void prepare(String namespace, String pod) {
        try {
            Pod connections = connections(namespace, pod, namespace + "/" + pod);
            if (connections != null) {
                connections.connection(namespace + "/" + pod);
            }
        } catch (IOException | RuntimeException e) {
            // open() connects again and reports what fails
        }
    }

    @Override
    public Duplex open(String namespace, String pod, int port) throws IOException {
        String target = namespace + "/" + pod + ":" + port;
        Pod connections = connections(namespace, pod, target);
        if (connections == null) {
            return webSockets().open(namespace, pod, port);
        }
        try {
            return connections.open(port, target);
        } catch (UseWebSocket e) {
            return webSockets().open(namespace, pod, port);
        }
    }

    /** The pod's SPDY connections, or null where SPDY is off (WebSockets instead). */
    private Pod connections(String namespace, String pod, String target) throws IOException {
        Pod connections;
        synchronized (this) {
            KubernetesClient kubernetes = client();
            if (closed) {
                throw new IOException("port-forward to " + target + " failed: closed");
            }
            if (!spdyOff && unsupported(kubernetes.getConfiguration()) != null) {
                spdyOff = true;
            }
            if (spdyOff) {
                connections = null;
            } else {
                connections = pods.computeIfAbsent(namespace + "/" + pod, key -> new Pod(namespace, pod));
                startChecks();
            }
        }
        return connections;
    }

    @Override
    public void close() {
        List<Pod> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(pods.values());
            pods.clear();
            if (checks != null) {
                checks.shutdownNow();
            }
        }
        for (Pod pod : all) {
            pod.close();
        }
        synchronized (this) {
            if (ownsClient && client != null) {
                client.close();
            }
        }
    }

    /** Whether SPDY is in use (false once it fell back to WebSockets for good). */
    synchronized boolean usesSpdy() {
        return !spdyOff;
    }

    private void startChecks() {
        if (checks == null) {
            checks = Executors.newSingleThreadScheduledExecutor(body -> {
                Thread thread = new Thread(body, "berth-spdy-checks");
                thread.setDaemon(true);
                return thread;
            });
            checks.scheduleWithFixedDelay(this::check, CHECK_SECONDS, CHECK_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void check() {
        List<Pod> all;
        synchronized (this) {
            all = new ArrayList<>(pods.values());
        }
        long now = System.nanoTime();
        for (Pod pod : all) {
            pod.check(now);
        }
    }

    /** What this client does not do for {@code config}, or null. */
    static String unsupported(Config config) {
        URI master = URI.create(config.getMasterUrl());
        boolean https = "https".equalsIgnoreCase(master.getScheme());
        String proxy = https && notBlank(config.getHttpsProxy()) ? config.getHttpsProxy() : config.getHttpProxy();
        if (notBlank(proxy) && !noProxy(master.getHost(), config.getNoProxy())) {
            return "a proxy (" + proxy + ")";
        }
        return null;
    }

    /**
     * NO_PROXY entries: {@code *}, a host, a domain suffix ({@code .example.com} or
     * {@code example.com}), an IPv4 CIDR.
     */
    static boolean noProxy(String host, String[] entries) {
        if (entries == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        for (String raw : entries) {
            String entry = raw.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*") || entry.equals(h)) {
                return true;
            }
            String domain = entry.startsWith(".") ? entry : "." + entry;
            if (h.endsWith(domain)) {
                return true;
            }
            if (entry.contains("/") && inCidr(h, entry)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inCidr(String host, String cidr) {
        Pattern ipv4 = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)\\.(\\d+)");
        Matcher h = ipv4.matcher(host);
        String[] parts = cidr.split("/");
        Matcher n = ipv4.matcher(parts[0]);
        if (!h.matches() || !n.matches()) {
            return false;
        }
        try {
            int bits = Integer.parseInt(parts[1]);
            long mask = bits == 0 ? 0 : 0xffffffffL << (32 - bits) & 0xffffffffL;
            return (ipv4(h) & mask) == (ipv4(n) & mask);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static long ipv4(Matcher m) {
        long value = 0;
        for (int i = 1; i <= 4; i++) {
            value = value << 8 | Integer.parseInt(m.group(i)) & 0xff;
        }
        return value;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** The server said no in a way the WebSocket client may do better with. */
    private static final class UseWebSocket extends IOException {
        UseWebSocket(String message) {
            super(message);
        }
    }

    /**
     * The connections to one pod: the current one, made on first use and again after it died or was
     * retired, and retired ones until their last stream ends.
     */
    private final class Pod {
        private final String namespace;
        private final String name;
        private final List<SpdyConnection> all = new CopyOnWriteArrayList<>();
        private volatile SpdyConnection current;

        Pod(String namespace, String name) {
            this.namespace = namespace;
            this.name = name;
        }

        Duplex open(int port, String target) throws IOException {
            long timeout = TimeUnit.SECONDS.toNanos(OPEN_TIMEOUT_SECONDS);
            for (int attempt = 0;; attempt++) {
                SpdyConnection connection = connection(target);
                try {
                    return connection.openStream(port, target, timeout);
                } catch (SpdyConnection.Gone e) {
                    if (attempt > 0) {
                        throw new IOException("port-forward to " + target + " failed: " + e.getMessage(), e);
                    }
                }
            }
        }

        private synchronized SpdyConnection connection(String target) throws IOException {
            SpdyConnection connection = current;
            if (connection == null || !connection.isUsable()) {
                connection = connect(namespace, name, target);
                synchronized (SpdyPortForwarder.this) {
                    if (closed) {
                        connection.close();
                        throw new IOException("port-forward to " + target + " failed: closed");
                    }
                }
                all.add(connection);
                current = connection;
            }
            return connection;
        }

        void check(long now) {
            for (SpdyConnection connection : all) {
                if (!connection.check(now, idleNanos)) {
                    all.remove(connection);
                }
            }
        }

        void close() {
            for (SpdyConnection connection : all) {
                connection.close();
            }
            all.clear();
        }
    }

    // --- the HTTP upgrade

    private SpdyConnection connect(String namespace, String pod, String target) throws IOException {
        Config config = client().getConfiguration();
        URI uri = URI.create(URLUtils.join(config.getMasterUrl(), "api", "v1", "namespaces", namespace, "pods", pod,
                "portforward"));
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        int timeoutMillis = (int) TimeUnit.SECONDS.toMillis(OPEN_TIMEOUT_SECONDS);
        Socket tcp = new Socket();
        Socket socket = tcp;
        try {
            tcp.connect(new InetSocketAddress(uri.getHost(), port), timeoutMillis);
            tcp.setTcpNoDelay(true);
            tcp.setKeepAlive(true);
            tcp.setSoTimeout(timeoutMillis);
            if (https) {
                socket = handshake(tcp, uri.getHost(), port, config);
            }
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out.write(request(uri, config).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Response response = Response.read(in);
            if (response.status != 101) {
                throw refusal(target, response, in);
            }
            String upgrade = response.header("upgrade");
            if (!upgrade.toLowerCase(Locale.ROOT).contains("spdy/3.1")) {
                synchronized (this) {
                    spdyOff = true;
                }
                throw new UseWebSocket("upgrade to " + upgrade);
            }
            tcp.setSoTimeout(0); // from here on SpdyConnection.check watches the connection
            return new SpdyConnection(namespace + "/" + pod, tcp, in, out);
        } catch (IOException | RuntimeException e) {
            try {
                tcp.close();
            } catch (IOException closing) {
                // closed anyway
            }
            if (e instanceof IOException io && (io instanceof UseWebSocket || io instanceof PodNotFoundException
                    || io.getMessage() != null && io.getMessage().startsWith("port-forward to "))) {
                throw io;
            }
            throw new IOException("port-forward to " + target + " failed: " + Messages.reason(e), e);
        }
    }

    private Socket handshake(Socket plain, String host, int port, Config config) throws IOException {
        SSLSocket socket = (SSLSocket) tls(config).getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        if (!config.isTrustCerts() && !config.isDisableHostnameVerification()) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        String serverName = config.getTlsServerName();
        if (notBlank(serverName)) {
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
        }
        TlsVersion[] versions = config.getTlsVersions();
        if (versions != null && versions.length > 0) {
            parameters.setProtocols(Arrays.stream(versions).map(TlsVersion::javaName).toArray(String[]::new));
        }
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private synchronized SSLContext tls(Config config) throws IOException {
        if (tls == null) {
            try {
                tls = SSLUtils.sslContext(SSLUtils.keyManagers(config), SSLUtils.trustManagers(config));
            } catch (Exception e) {
                throw new IOException("TLS set-up from the kubeconfig failed: " + Messages.reason(e), e);
            }
        }
        return tls;
    }

    /** The upgrade request, with the kubeconfig's credentials (the same choice as fabric8's). */
    static String request(URI uri, Config config) {
        StringBuilder request = new StringBuilder();
        request.append("POST ").append(uri.getRawPath()).append(" HTTP/1.1\r\n");
        request.append("Host: ").append(uri.getHost()).append(uri.getPort() > 0 ? ":" + uri.getPort() : "")
                .append("\r\n");
        request.append("Content-Length: 0\r\n");
        request.append("Connection: Upgrade\r\n");
        request.append("Upgrade: SPDY/3.1\r\n");
        request.append("X-Stream-Protocol-Version: portforward.k8s.io\r\n");
        request.append("User-Agent: ").append(notBlank(config.getUserAgent()) ? config.getUserAgent() : "berth")
                .append("\r\n");
        String token = config.getOauthTokenProvider() != null ? config.getOauthTokenProvider().getToken()
                : notBlank(config.getOauthToken()) ? config.getOauthToken() : config.getAutoOAuthToken();
        if (notBlank(token)) {
            request.append("Authorization: Bearer ").append(token).append("\r\n");
        } else if (notBlank(config.getUsername()) && notBlank(config.getPassword())) {
            String basic = Base64.getEncoder().encodeToString((config.getUsername() + ":" + config.getPassword())
                    .getBytes(StandardCharsets.UTF_8));
            request.append("Authorization: Basic ").append(basic).append("\r\n");
        }
        if (notBlank(config.getImpersonateUsername())) {
            request.append("Impersonate-User: ").append(config.getImpersonateUsername()).append("\r\n");
            if (config.getImpersonateGroups() != null) {
                for (String group : config.getImpersonateGroups()) {
                    request.append("Impersonate-Group: ").append(group).append("\r\n");
                }
            }
        }
        if (config.getCustomHeaders() != null) {
            config.getCustomHeaders().forEach((name, value) -> request.append(name).append(": ").append(value)
                    .append("\r\n"));
        }
        return request.append("\r\n").toString();
    }

    private IOException refusal(String target, Response response, InputStream in) {
        int code = response.status;
        return switch (code) {
            case 404 -> new PodNotFoundException("port-forward to " + target + " failed: no such pod (HTTP 404)");
            case 401 -> new UseWebSocket("HTTP 401"); // fabric8 refreshes the token, or says what is wrong
            case 403 -> new IOException("port-forward to " + target + " refused (HTTP 403): the user of KUBECONFIG "
                    + "needs create on pods/portforward in that namespace");
            case 400, 405, 406, 415, 426, 501, 505 -> {
                synchronized (this) {
                    spdyOff = true; // no SPDY here: kubectl would fall back too
                }
                yield new UseWebSocket("HTTP " + code);
            }
            default -> new IOException("port-forward to " + target + " failed: HTTP " + code
                    + message(response, in));
        };
    }

    /** The Status message in an error body, if any. */
    private static String message(Response response, InputStream in) {
        try {
            String length = response.header("content-length");
            int n = length.isEmpty() ? 0 : Math.min(MAX_ERROR_BODY, Integer.parseInt(length.trim()));
            String body = new String(in.readNBytes(n), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(body);
            return m.find() ? " " + m.group(1).replace("\\\"", "\"") : body.isBlank() ? "" : " " + body.trim();
        } catch (IOException | NumberFormatException e) {
            return "";
        }
    }

    /** Status line and headers of an HTTP/1.1 response, read byte by byte (the frames follow). */
    record Response(int status, Map<String, String> headers) {

        String header(String name) {
            return headers.getOrDefault(name, "");
        }

        static Response read(InputStream in) throws IOException {
            List<String> lines = new ArrayList<>();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the Kubernetes API closed the connection before answering");
                }
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
                    line.reset();
                    if (text.isEmpty()) {
                        break;
                    }
                    lines.add(text);
                } else {
                    line.write(b);
                }
            }
            Matcher status = Pattern.compile("HTTP/1\\.[01] (\\d{3}).*").matcher(lines.isEmpty() ? "" : lines.get(0));
            if (!status.matches()) {
                throw new IOException("not an HTTP answer: " + (lines.isEmpty() ? "" : lines.get(0)));
            }
            Map<String, String> headers = new HashMap<>();
            for (String header : lines.subList(1, lines.size())) {
                int colon = header.indexOf(':');
                if (colon > 0) {
                    headers.merge(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            header.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
                }
            }
            return new Response(Integer.parseInt(status.group(1)), headers);
        }
    }
}
