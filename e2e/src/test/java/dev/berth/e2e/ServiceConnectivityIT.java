package dev.berth.e2e;

import static dev.berth.e2e.E2eCluster.GREETING;
import static dev.berth.e2e.E2eCluster.HTTP_PORT;
import static dev.berth.e2e.E2eCluster.POD_READY_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.LocalPortForward;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The seed's HTTP example on plain Kubernetes: a python server behind a Service "www", reached
 * by alias from a client pod and from this JVM through a port-forward.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceConnectivityIT {

    private static final Map<String, String> SERVER_LABELS = Map.of("app", "www");

    private static E2eCluster cluster;
    private static String namespace;

    @BeforeAll
    static void startServer() {
        cluster = E2eCluster.connect();
        namespace = cluster.createNamespace("berth-e2e-svc");
        cluster.createHttpServer(namespace, "www-server", SERVER_LABELS);
        cluster.createService(namespace, "www", SERVER_LABELS, HTTP_PORT);
    }

    @AfterAll
    static void cleanUp() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void serverPodBecomesReady() {
        cluster.waitForPodReady(namespace, "www-server", POD_READY_TIMEOUT);
    }

    @Test
    @Order(2)
    void clientPodFetchesThroughServiceName() {
        cluster.waitForPodReady(namespace, "www-server", POD_READY_TIMEOUT);
        cluster.createShellPod(namespace, "client",
                E2eCluster.wgetWithRetries("http://www:" + HTTP_PORT + "/index.html"));

        String phase = cluster.waitForCompletion(namespace, "client");
        String log = cluster.logs(namespace, "client");

        assertEquals("Succeeded", phase, () -> "client pod did not succeed; log:\n" + log
                + "\n" + cluster.describeNamespace(namespace));
        assertTrue(log.contains(GREETING), () -> "client log lacks \"" + GREETING + "\":\n" + log);
    }

    @Test
    @Order(3)
    void portForwardFromTestProcessFetchesIndex() throws Exception {
        cluster.waitForPodReady(namespace, "www-server", POD_READY_TIMEOUT);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        AtomicReference<String> body = new AtomicReference<>("");

        // One LocalPortForward; fabric8 opens a WebSocket per TCP connection, so retries reuse it.
        try (LocalPortForward forward = cluster.client().pods().inNamespace(namespace)
                .withName("www-server").portForward(HTTP_PORT)) {
            URI uri = URI.create("http://127.0.0.1:" + forward.getLocalPort() + "/index.html");
            E2eCluster.waitFor(Duration.ofSeconds(60), "GET " + uri + " through the port-forward", () -> {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                body.set(response.statusCode() + " " + response.body());
                return response.statusCode() == 200;
            }, () -> "last response: " + body.get() + "; forward errors: " + forward.getServerThrowables()
                    + " " + forward.getClientThrowables() + "\n" + cluster.describeNamespace(namespace));
        }
        assertTrue(body.get().contains(GREETING), () -> "port-forwarded response lacks greeting: " + body.get());
    }
}
