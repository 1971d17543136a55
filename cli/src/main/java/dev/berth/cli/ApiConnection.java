package dev.berth.cli;

import dev.berth.cli.host.ServiceForward;
import dev.berth.cli.host.SpdyPortForwarder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Where the API is, as a port on 127.0.0.1 (the only place Dagger's SDKs look:
 * {@code http://127.0.0.1:$DAGGER_SESSION_PORT/query}).
 */
final class ApiConnection implements AutoCloseable {

    /** Reads the bootstrap credential from a Secret, where the connection knows a cluster. */
    @FunctionalInterface
    interface SecretReader {
        Optional<String> read(String namespace, String name, String key);
    }

    private final URI baseUri;
    private final IntSupplier loopbackPort;
    private final Supplier<String> description;
    private final SecretReader secrets;
    private final Runnable onClose;
    private final KubernetesClient kubernetes;

    private ApiConnection(URI baseUri, IntSupplier loopbackPort, Supplier<String> description, SecretReader secrets,
            Runnable onClose,
            KubernetesClient kubernetes) {
        this.baseUri = baseUri;
        this.loopbackPort = loopbackPort;
        this.description = description;
        this.secrets = secrets;
        this.onClose = onClose;
        this.kubernetes = kubernetes;
    }

    /** The cluster client of a port-forwarded connection (reused for progress), empty with --api. */
    Optional<KubernetesClient> kubernetes() {
        return Optional.ofNullable(kubernetes);
    }

    /** Base URI for the session endpoints. */
    URI baseUri() {
        return baseUri;
    }

    /** The port on 127.0.0.1 that serves {@code /query}. */
    int loopbackPort() {
        return loopbackPort.getAsInt();
    }

    String describe() {
        return description.get();
    }

    /** The bootstrap credential from the cluster, where there is one. */
    Optional<String> bootstrapTokenFromSecret(String namespace, String name, String key) {
        return secrets.read(namespace, name, key);
    }

    @Override
    public void close() {
        onClose.run();
    }

    /** An API URL given with --api: used as it is on 127.0.0.1, relayed there otherwise. */
    static ApiConnection direct(URI api) throws IOException {
        if (!"http".equals(api.getScheme()) || api.getHost() == null) {
            throw new IOException("--api must be an http:// URL (Dagger's SDKs speak plain HTTP to 127.0.0.1), got " + api);
        }
        if (api.getPath() != null && !api.getPath().isEmpty() && !api.getPath().equals("/")) {
            throw new IOException("--api must not have a path (the SDKs POST to /query), got " + api);
        }
        int port = api.getPort() < 0 ? 80 : api.getPort();
        URI base = URI.create("http://" + hostForUri(api.getHost()) + ":" + port + "/");
        if (api.getHost().equals("127.0.0.1")) {
            return new ApiConnection(base, () -> port, base::toString, ApiConnection::noSecrets, () -> { }, null);
        }
        // The SDKs dial 127.0.0.1 exactly: relay from there (also for other loopback names).
        LoopbackRelay relay = LoopbackRelay.start(api.getHost(), port);
        return new ApiConnection(base, relay::port, () -> base + " (relayed from 127.0.0.1:" + relay.port() + ")",
                ApiConnection::noSecrets, relay::close, null);
    }

    /**
     * Port-forwards (KUBECONFIG) to the operator's Service in the cluster, a pod chosen per
     * connection ({@link ServiceForward}: a replaced operator pod is followed), with the SDKs'
     * endpoint in front ({@link RetryingApiProxy}: a request whose pod went away is sent again).
     * The session endpoints and the channel use the forward directly.
     */
    static ApiConnection portForward(String namespace, String service, int servicePort) throws IOException {
        KubernetesClient client = new KubernetesClientBuilder().build();
        Timing.mark("Kubernetes client built");
        SpdyPortForwarder forwarder = SpdyPortForwarder.fromEnvironment(System.getenv(), client);
        ServiceForward forward;
        try {
            forward = ServiceForward.start(client, forwarder, namespace, service, servicePort, SessionOptions::tell);
        } catch (ServiceForward.NoSuchServiceException e) {
            forwarder.close();
            client.close();
            throw new IOException(e.getMessage() + " in the cluster of KUBECONFIG (" + client.getConfiguration()
                    .getMasterUrl() + "): is the Berth operator installed? For an operator run locally, pass "
                    + "--api http://127.0.0.1:PORT", e);
        } catch (IOException | RuntimeException e) {
            forwarder.close();
            client.close();
            throw e instanceof IOException io ? io : new IOException("port-forward to " + namespace + "/" + service
                    + " failed: cannot reach the cluster of KUBECONFIG (" + client.getConfiguration().getMasterUrl()
                    + "): " + rootCause(e) + ". Is KUBECONFIG set? (local cluster: eval \"$(e2e/cluster/cluster.sh env)\")",
                    e);
        }
        Timing.mark("port-forward listening");
        // The SDKs' endpoint starts (a Vert.x instance) while the session is being opened.
        CompletableFuture<RetryingApiProxy> proxy = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                proxy.complete(RetryingApiProxy.start(forward.port(), SessionOptions::tell));
            } catch (IOException | RuntimeException e) {
                proxy.completeExceptionally(e);
            }
        }, "berth-api-proxy-start");
        starter.setDaemon(true);
        starter.start();
        IntSupplier proxyPort = () -> {
            try {
                return proxy.join().port();
            } catch (CompletionException e) {
                throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
            }
        };
        URI base = URI.create("http://127.0.0.1:" + forward.port() + "/");
        return new ApiConnection(base, proxyPort,
                () -> "service " + namespace + "/" + service + ":" + servicePort + " via port-forward on 127.0.0.1:"
                        + proxyPort.getAsInt(),
                (ns, name, key) -> secretValue(client, ns, name, key),
                () -> {
                    try {
                        proxy.thenAccept(RetryingApiProxy::close);
                        forward.close();
                        forwarder.close();
                    } finally {
                        client.close();
                    }
                }, client);
    }

    private static Optional<String> noSecrets(String namespace, String name, String key) {
        return Optional.empty();
    }

    private static Optional<String> secretValue(KubernetesClient client, String namespace, String name, String key) {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null || secret.getData() == null || secret.getData().get(key) == null) {
            return Optional.empty();
        }
        return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8)
                .trim());
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** fabric8 wraps the reason (connection refused, unknown host ...) in "Operation [get] ... failed". */
    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
