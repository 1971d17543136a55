package dev.berth.cli.host;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import io.fabric8.kubernetes.client.utils.URLUtils;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Port-forward through the Kubernetes API with our own client of the WebSocket protocol, on
 * fabric8's HTTP client (so the kubeconfig's credentials and TLS apply). fabric8's own
 * port-forward reaches about half of kubectl's throughput (4 KiB buffers, 50 ms idle sleeps).
 */
public final class WebSocketPortForwarder implements PodPortForwarder, AutoCloseable {

    private static final long OPEN_TIMEOUT_SECONDS = 30;

    private final Supplier<KubernetesClient> clients;
    private final boolean ownsClient;
    private KubernetesClient client;

    /** With a client of the caller's (who closes it). */
    public WebSocketPortForwarder(KubernetesClient client) {
        this.clients = () -> client;
        this.ownsClient = false;
    }

    /**
     * With a client of KUBECONFIG made on first use: {@code berth run --api} against a local
     * operator needs no cluster credentials until something is exposed.
     */
    public WebSocketPortForwarder() {
        this.clients = () -> new KubernetesClientBuilder().build();
        this.ownsClient = true;
    }

    private synchronized KubernetesClient client() {
        if (client == null) {
            client = clients.get();
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }

    /** A relay's ServiceInstance (berth.dev/v1alpha1) still exists; true when it cannot be told (keep trying). */
    @Override
    public boolean stillDeclared(String namespace, String pod) {
        try {
            return client().genericKubernetesResources("berth.dev/v1alpha1", "ServiceInstance").inNamespace(namespace)
                    .withName(pod).get() != null;
        } catch (RuntimeException e) {
            return true;
        }
    }

    @Override
    public Duplex open(String namespace, String pod, int port) throws IOException {
        KubernetesClient client = client();
        String target = namespace + "/" + pod + ":" + port;
        PortForwardStream stream = new PortForwardStream(target);
        URI uri = URI.create(URLUtils.join(client.getMasterUrl().toString(), "api", "v1", "namespaces", namespace,
                "pods", pod, "portforward?ports=" + port));
        try {
            client.getHttpClient().newWebSocketBuilder()
                    .uri(uri)
                    .subprotocol("v4.channel.k8s.io")
                    .connectTimeout(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .buildAsync(stream)
                    .get(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return stream;
        } catch (ExecutionException e) {
            throw refusal(target, e.getCause());
        } catch (TimeoutException e) {
            stream.close();
            throw new IOException("port-forward to " + target + " failed: no answer from the Kubernetes API ("
                    + client.getMasterUrl() + ") within " + OPEN_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("port-forward to " + target + " interrupted", e);
        }
    }

    private IOException refusal(String target, Throwable cause) {
        if (cause instanceof WebSocketHandshakeException handshake) {
            int code = handshake.getResponse().code();
            return switch (code) {
                case 404 -> new PodNotFoundException("port-forward to " + target + " failed: no such pod (HTTP 404)");
                case 401, 403 -> new IOException("port-forward to " + target + " refused (HTTP " + code + "): the "
                        + "user of KUBECONFIG needs create on pods/portforward in that namespace");
                default -> new IOException("port-forward to " + target + " failed: HTTP " + code
                        + (cause.getCause() != null ? " " + Messages.reason(cause) : ""));
            };
        }
        return new IOException("port-forward to " + target + " failed: " + Messages.reason(cause), cause);
    }
}
