package dev.berth.cli.host;

import static dev.berth.cli.host.LocalSockets.LOOPBACK;
import static dev.berth.cli.host.LocalSockets.eventually;
import static dev.berth.cli.host.LocalSockets.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code hostService}/{@code release} against a local stand-in of the relay pod's control port. */
class HostServiceTest {

    private static final int CONTROL_PORT = 4117;
    private static final int FRONTEND = 3306;

    private final LocalSockets.Stderr stderr = new LocalSockets.Stderr();
    private final AtomicInteger opens = new AtomicInteger();
    private FakeRelay relay;
    private ServerSocket target;
    private HostAgent agent;

    /** "pod:4117" is the fake relay; the forwarder fails while {@code relayDown} says so. */
    private volatile IOException relayDown;

    @BeforeEach
    void start() throws IOException {
        relay = new FakeRelay("s3cret");
        target = new ServerSocket(0, 50, LOOPBACK);
        PodPortForwarder forwarder = (namespace, pod, port) -> {
            opens.incrementAndGet();
            assertEquals(CONTROL_PORT, port);
            if (relayDown != null) {
                throw relayDown;
            }
            return Duplex.of(new Socket(LOOPBACK, relay.port()));
        };
        agent = new HostAgent(forwarder, LOOPBACK, stderr);
    }

    @AfterEach
    void stop() throws IOException {
        agent.close();
        relay.close();
        target.close();
    }

    @Test
    void keepsFourStandbysWithTheKeyAndReplacesOneTaken() throws Exception {
        assertEquals("hostServiceReady", agent.handle(hostService(target.getLocalPort())).path("type").asText());

        assertTrue(eventually(() -> relay.idle() == 4, 5000), "4 standbys, got " + relay.idle());
        assertTrue(relay.firstLines.stream().allMatch("BERTH-RELAY 1 s3cret"::equals), relay.firstLines.toString());
        relay.take(FRONTEND);
        assertTrue(eventually(() -> relay.idle() == 4 && relay.firstLines.size() == 5, 5000),
                "a fifth standby after one was taken: " + relay.idle() + " idle, " + relay.firstLines.size());
        Thread.sleep(300);
        assertEquals(5, relay.firstLines.size(), "no more than 4 idle");
    }

    @Test
    void aTunneledConnectionReachesTheTargetBothWays() throws Exception {
        CompletableFuture<String> targetGot = new CompletableFuture<>();
        Threads.start("target", () -> {
            try (Socket check = target.accept(); Socket tunneled = target.accept()) {
                // the first connection is hostService's check of the target: it closes at once
                String got = new String(tunneled.getInputStream().readNBytes(5));
                targetGot.complete(got);
                tunneled.getOutputStream().write(got.toUpperCase().getBytes());
            } catch (IOException e) {
                targetGot.completeExceptionally(e);
            }
        });
        agent.handle(hostService(target.getLocalPort()));

        try (Socket container = relay.take(FRONTEND)) {
            container.getOutputStream().write("hello".getBytes());
            assertEquals("hello", targetGot.get(10, TimeUnit.SECONDS));
            container.setSoTimeout(10_000);
            assertEquals("HELLO", new String(container.getInputStream().readNBytes(5)));
            assertEquals(-1, container.getInputStream().read(), "the target's close ends the tunnel");
        }
        assertEquals(List.of(), stderr.lines);
    }

    @Test
    void aRefusedTargetFailsTheRequestNamingHostAndPort() throws Exception {
        int nothing = LocalSockets.freePort();
        JsonNode answer = agent.handle(hostService(nothing));

        assertEquals("failed", answer.path("type").asText(), answer.toString());
        String message = answer.path("message").asText();
        assertTrue(message.startsWith("host service db: 127.0.0.1:" + nothing + " refused the connection: "), message);
        assertEquals(List.of(message), stderr.lines);
        Thread.sleep(300);
        assertEquals(0, opens.get(), "no standbys for a failed host service");
    }

    @Test
    void aTargetThatStopsListeningClosesTheTunnelAndSaysWhich() throws Exception {
        int port = target.getLocalPort();
        agent.handle(hostService(port));
        target.close();

        try (Socket container = relay.take(FRONTEND)) {
            container.setSoTimeout(10_000);
            InputStream in = container.getInputStream();
            assertEquals(-1, in.read(), "the container's connection ends");
        }
        assertTrue(eventually(() -> !stderr.lines.isEmpty(), 5000));
        assertTrue(stderr.lines.get(0).startsWith("host service db: 127.0.0.1:" + port + " refused the connection: "),
                stderr.lines.toString());
    }

    @Test
    void retriesUntilTheRelayPodIsReachableThenStopsWhenItIsGone() throws Exception {
        relayDown = new PodNotFoundException("port-forward to ns1/relay:4117 failed: no such pod (HTTP 404)");
        long start = System.nanoTime();
        agent.handle(hostService(target.getLocalPort()));
        Thread.sleep(1000);
        int attempts = opens.get();
        // 0, 200, 600, 1400 ms: backoff, not a tight loop
        assertTrue(attempts >= 3 && attempts <= 5, "attempts in the first second: " + attempts);
        relayDown = null;
        assertTrue(eventually(() -> relay.idle() == 4, 5000), "standbys once the relay is up");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));

        relayDown = new PodNotFoundException("port-forward to ns1/relay:4117 failed: no such pod (HTTP 404)");
        relay.dropAll();
        assertTrue(eventually(() -> stderr.lines.size() == 1, 5000), stderr.lines.toString());
        assertEquals("host service db: its relay pod ns1/relay is gone: no more connections to 127.0.0.1",
                stderr.lines.get(0));
        int afterGone = opens.get();
        Thread.sleep(2500);
        assertEquals(afterGone, opens.get(), "no retries once the pod is gone");
    }

    @Test
    void releaseClosesEveryStandby() throws Exception {
        agent.handle(hostService(target.getLocalPort()));
        assertTrue(eventually(() -> relay.idle() == 4, 5000));

        assertEquals("released", agent.handle(json("{'type':'release','id':'h1'}")).path("type").asText());
        for (Socket standby : relay.all) {
            standby.setSoTimeout(5000);
            assertEquals(-1, standby.getInputStream().read(), "standby closed");
        }
        int opened = opens.get();
        Thread.sleep(500);
        assertEquals(opened, opens.get(), "no new standbys after release");
    }

    private static JsonNode hostService(int targetPort) {
        return json("{'type':'hostService','id':'h1','namespace':'ns1','pod':'relay','service':'db',"
                + "'controlPort':" + CONTROL_PORT + ",'key':'s3cret','host':'127.0.0.1',"
                + "'ports':[{'frontend':" + FRONTEND + ",'backend':" + targetPort + "}]}");
    }
}
