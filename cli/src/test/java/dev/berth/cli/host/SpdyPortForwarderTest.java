package dev.berth.cli.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SpdyPortForwarder} against {@link FakeSpdyServer}: the protocol, not a cluster
 * (PortForwardBench does that).
 */
class SpdyPortForwarderTest {

    private FakeSpdyServer server;
    private KubernetesClient client;
    private SpdyPortForwarder forwarder;

    @BeforeEach
    void start() throws IOException {
        server = new FakeSpdyServer();
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(server.url())
                .withOauthToken("t0ken").build()).build();
        forwarder = new SpdyPortForwarder(() -> client, false, false, TimeUnit.SECONDS.toNanos(120));
    }

    @AfterEach
    void stop() throws IOException {
        forwarder.close();
        client.close();
        server.close();
    }

    @Test
    void streamsOfOnePodShareOneConnectionAndKeepTheirBytesApart() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            Duplex a = forwarder.open("ns", "pod", 7);
            Duplex b = forwarder.open("ns", "pod", 7);
            byte[] first = new byte[300_000];
            byte[] second = new byte[200_000];
            new Random(1).nextBytes(first);
            new Random(2).nextBytes(second);
            Thread writer = Threads.start("writer", () -> {
                try {
                    a.output().write(first);
                    b.output().write(second);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertArrayEquals(second, b.input().readNBytes(second.length));
            assertArrayEquals(first, a.input().readNBytes(first.length));
            writer.join();
            a.close();
            b.close();
            assertEquals(List.of("POST /api/v1/namespaces/ns/pods/pod/portforward"), server.paths);
            assertEquals(List.of("Bearer t0ken"), server.authorizations);
            waitFor(() -> server.resets.size() == 2, "both data streams reset at the kubelet");
            assertEquals(List.of(3, 7), server.resets.stream().sorted().toList());
        });
    }

    @Test
    void aDownloadLargerThanTheReceiveLimitArrivesWholeThroughASlowReader() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (Duplex stream = forwarder.open("ns", "pod", 8)) {
                Thread.sleep(300); // the connection's reader waits: more than RECEIVE_LIMIT arrived
                InputStream in = stream.input();
                byte[] buffer = new byte[50_000];
                long total = 0;
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    for (int i = 0; i < n; i++) {
                        assertEquals((byte) (total + i), buffer[i]);
                    }
                    total += n;
                }
                assertEquals(FakeSpdyServer.DOWNLOAD, total);
            }
        });
    }

    @Test
    void theKubeletsReasonFailsTheReads() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (Duplex stream = forwarder.open("ns", "pod", 9)) {
                IOException e = assertThrows(IOException.class, () -> stream.input().read(new byte[10]));
                assertEquals("port-forward to ns/pod:9 failed: error forwarding port 9 to pod x: dial tcp4 "
                        + "127.0.0.1:9: connect: connection refused", e.getMessage());
            }
            // that connection is retired (its pod may be gone): the next stream gets a new one
            forwarder.open("ns", "pod", 7).close();
            assertEquals(2, server.paths.size());
            // a write after the data stream ended waits for the reason rather than saying "closed"
            try (Duplex stream = forwarder.open("ns", "pod", 9)) {
                IOException e = null;
                for (int i = 0; i < 100 && e == null; i++) {
                    try {
                        stream.output().write(new byte[10]);
                        Thread.sleep(10);
                    } catch (IOException failed) {
                        e = failed;
                    }
                }
                assertTrue(e != null && e.getMessage().contains("connect: connection refused"), String.valueOf(e));
            }
        });
    }

    @Test
    void aLostConnectionFailsItsStreamsAndTheNextOpenConnectsAgain() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            Duplex stream = forwarder.open("ns", "pod", 7);
            stream.output().write("hello".getBytes(StandardCharsets.US_ASCII));
            assertEquals("hello", new String(stream.input().readNBytes(5), StandardCharsets.US_ASCII));
            server.dropConnections();
            IOException e = assertThrows(IOException.class, () -> stream.input().read(new byte[10]));
            assertTrue(e.getMessage().startsWith("port-forward to ns/pod:7 failed: "), e.getMessage());
            assertThrows(IOException.class, () -> stream.output().write(new byte[10]));
            stream.close();
            try (Duplex again = forwarder.open("ns", "pod", 7)) {
                again.output().write("again".getBytes(StandardCharsets.US_ASCII));
                assertEquals("again", new String(again.input().readNBytes(5), StandardCharsets.US_ASCII));
            }
            assertEquals(2, server.paths.size());
        });
    }

    @Test
    void shutdownOutputSendsNothing() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (Duplex stream = forwarder.open("ns", "pod", 7)) {
                stream.shutdownOutput();
                stream.output().write('x');
                assertEquals('x', stream.input().read());
            }
        });
    }

    @Test
    void closeEndsEveryStream() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            Duplex stream = forwarder.open("ns", "pod", 7);
            Thread reader = Threads.start("reader", () -> {
                try {
                    stream.input().read(new byte[10]);
                } catch (IOException e) {
                    // expected
                }
            });
            forwarder.close();
            reader.join(5000);
            assertFalse(reader.isAlive());
        });
    }

    @Test
    void refusalsSayWhy() throws Exception {
        server.status = 404;
        PodNotFoundException missing = assertThrows(PodNotFoundException.class, () -> forwarder.open("ns", "gone", 7));
        assertEquals("port-forward to ns/gone:7 failed: no such pod (HTTP 404)", missing.getMessage());
        server.status = 403;
        IOException forbidden = assertThrows(IOException.class, () -> forwarder.open("ns", "pod", 7));
        assertEquals("port-forward to ns/pod:7 refused (HTTP 403): the user of KUBECONFIG needs create on "
                + "pods/portforward in that namespace", forbidden.getMessage());
        server.status = 500;
        IOException broken = assertThrows(IOException.class, () -> forwarder.open("ns", "pod", 7));
        assertEquals("port-forward to ns/pod:7 failed: HTTP 500 nope 500", broken.getMessage());
        assertTrue(forwarder.usesSpdy());
    }

    @Test
    void aServerWithoutSpdyMakesItUseWebSockets() {
        server.status = 400;
        // the WebSocket client then meets the same fake (which is no WebSocket server either)
        assertThrows(IOException.class, () -> forwarder.open("ns", "pod", 7));
        assertFalse(forwarder.usesSpdy());
    }

    @Test
    void aProxyOutsideNoProxyIsNotForSpdy() {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("https://10.1.2.3:6443")
                .withHttpsProxy("http://proxy:3128").build();
        assertEquals("a proxy (http://proxy:3128)", SpdyPortForwarder.unsupported(config));
        config.setNoProxy(new String[] {"10.0.0.0/8"});
        assertEquals(null, SpdyPortForwarder.unsupported(config));
        assertTrue(SpdyPortForwarder.noProxy("api.example.com", new String[] {".example.com"}));
        assertTrue(SpdyPortForwarder.noProxy("api.example.com", new String[] {"example.com"}));
        assertFalse(SpdyPortForwarder.noProxy("api.example.org", new String[] {"example.com", "10.0.0.0/8"}));
    }

    @Test
    void theUpgradeRequestCarriesTheKubeconfigsCredentials() {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("https://api:6443").withUsername("u")
                .withPassword("p").withImpersonateUsername("alice").build();
        String request = SpdyPortForwarder.request(
                URI.create("https://api:6443/api/v1/namespaces/n/pods/p/portforward"), config);
        assertTrue(request.startsWith("POST /api/v1/namespaces/n/pods/p/portforward HTTP/1.1\r\nHost: api:6443\r\n"),
                request);
        assertTrue(request.contains("Upgrade: SPDY/3.1\r\n"), request);
        assertTrue(request.contains("X-Stream-Protocol-Version: portforward.k8s.io\r\n"), request);
        assertTrue(request.contains("Authorization: Basic dTpw\r\n"), request);
        assertTrue(request.contains("Impersonate-User: alice\r\n"), request);
        assertTrue(request.endsWith("\r\n\r\n"));
    }

    @Test
    void webSocketOnlyIsTheEscapeHatch() {
        assertFalse(SpdyPortForwarder.fromEnvironment(Map.of("BERTH_PORT_FORWARD", "websocket")).usesSpdy());
        assertTrue(SpdyPortForwarder.fromEnvironment(Map.of()).usesSpdy());
    }

    @Test
    void aSilentConnectionIsPingedThenDeclaredDeadAndAnIdleOneCloses() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            SpdyConnection connection = rawConnection();
            SpdyStream stream = connection.openStream(7, "ns/pod:7", TimeUnit.SECONDS.toNanos(5));
            long now = System.nanoTime();
            assertTrue(connection.check(now, TimeUnit.SECONDS.toNanos(120)));
            assertEquals(0, server.pings.get());
            assertTrue(connection.check(now + SpdyConnection.PING_AFTER_NANOS + 1, TimeUnit.SECONDS.toNanos(120)));
            waitFor(() -> server.pings.get() == 1, "a ping");
            assertFalse(connection.check(System.nanoTime() + SpdyConnection.DEAD_AFTER_NANOS + 1_000_000_000L,
                    TimeUnit.SECONDS.toNanos(120)));
            IOException e = assertThrows(IOException.class, () -> stream.input().read());
            assertTrue(e.getMessage().startsWith("port-forward to ns/pod:7 failed: no answer from the Kubernetes API "
                    + "for 4"), e.getMessage());

            SpdyConnection idle = rawConnection();
            idle.openStream(7, "ns/pod:7", TimeUnit.SECONDS.toNanos(5)).close();
            assertTrue(idle.check(System.nanoTime(), TimeUnit.SECONDS.toNanos(120)));
            assertFalse(idle.check(System.nanoTime() + TimeUnit.SECONDS.toNanos(121), TimeUnit.SECONDS.toNanos(120)));
            assertFalse(idle.isUsable());
        });
    }

    /** A connection upgraded by hand, outside the forwarder (whose checks would run on their own). */
    private SpdyConnection rawConnection() throws IOException {
        URI uri = URI.create(server.url());
        java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort());
        socket.getOutputStream().write(SpdyPortForwarder.request(URI.create(server.url()
                + "/api/v1/namespaces/ns/pods/pod/portforward"), client.getConfiguration())
                .getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
        assertEquals(101, SpdyPortForwarder.Response.read(in).status());
        return new SpdyConnection("ns/pod", socket, in, socket.getOutputStream());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
