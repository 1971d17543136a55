package dev.berth.cli.host;

import static dev.berth.cli.host.LocalSockets.LOOPBACK;
import static dev.berth.cli.host.LocalSockets.eventually;
import static dev.berth.cli.host.LocalSockets.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code expose}/{@code unexpose} on real 127.0.0.1 sockets; the "pod" is a local server. */
class ExposeTest {

    private final List<String> opened = new CopyOnWriteArrayList<>();
    private final LocalSockets.Stderr stderr = new LocalSockets.Stderr();
    private final HostAgent agent = new HostAgent(LocalSockets.loopbackForwarder(opened), LOOPBACK, stderr);
    private final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        agent.close();
        for (AutoCloseable server : servers) {
            server.close();
        }
    }

    @Test
    void anExposedPortCarries20MiBEachWayByteIdentical() throws Exception {
        byte[] up = LocalSockets.randomBytes(20 << 20, 1);
        byte[] down = LocalSockets.randomBytes(20 << 20, 2);
        CompletableFuture<String> receivedByPod = new CompletableFuture<>();
        // The pod reads until our half-close, then answers with its own payload.
        int backend = serve(socket -> {
            receivedByPod.complete(LocalSockets.sha256Of(socket.getInputStream()));
            LocalSockets.writeAll(socket.getOutputStream(), down);
        });
        int frontend = exposed(expose("e1", 0, backend));

        try (Socket client = new Socket(LOOPBACK, frontend)) {
            CompletableFuture<String> receivedByClient = CompletableFuture.supplyAsync(() -> {
                try {
                    return LocalSockets.sha256Of(client.getInputStream());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            LocalSockets.writeAll(client.getOutputStream(), up);
            client.shutdownOutput();
            assertEquals(LocalSockets.sha256(up), receivedByPod.get(60, TimeUnit.SECONDS), "bytes the pod got");
            assertEquals(LocalSockets.sha256(down), receivedByClient.get(60, TimeUnit.SECONDS), "bytes the client got");
        }
        assertEquals(List.of("ns1/web-pod:" + backend), opened);
    }

    @Test
    void frontendZeroPicksAFreePortAndReportsIt() throws Exception {
        int backend = serve(socket -> socket.getOutputStream().write("hi".getBytes()));
        JsonNode answer = agent.handle(expose("e1", 0, backend));

        assertEquals("exposed", answer.path("type").asText(), answer.toString());
        assertEquals("e1", answer.path("id").asText());
        assertEquals("127.0.0.1", answer.path("address").asText());
        int frontend = answer.path("ports").path(0).path("frontend").asInt();
        assertNotEquals(0, frontend);
        assertEquals(backend, answer.path("ports").path(0).path("backend").asInt());
        assertEquals(List.of("service web exposed on 127.0.0.1:" + frontend + " -> " + backend), stderr.lines);
        try (Socket client = new Socket(LOOPBACK, frontend)) {
            assertEquals("hi", new String(client.getInputStream().readAllBytes()));
        }
    }

    @Test
    void aPortInUseFailsTheWholeRequestNamingThePort() throws Exception {
        int backend = serve(socket -> { });
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
            int free = LocalSockets.freePort();
            JsonNode answer = agent.handle(json("{'type':'expose','id':'e1','namespace':'ns1','pod':'web-pod',"
                    + "'service':'web','ports':[{'frontend':" + free + ",'backend':" + backend + "},"
                    + "{'frontend':" + taken.getLocalPort() + ",'backend':" + backend + "}]}"));

            String message = "cannot expose service web: host port " + taken.getLocalPort()
                    + " is already in use on 127.0.0.1";
            assertEquals("failed", answer.path("type").asText(), answer.toString());
            assertEquals(message, answer.path("message").asText());
            assertEquals(List.of(message), stderr.lines);
            // the port bound before the failure was let go again
            assertTrue(eventually(() -> canBind(free), 2000), "port " + free + " still bound");
        }
    }

    @Test
    void fiftyConcurrentConnectionsAllGetTheirOwnAnswer() throws Exception {
        int backend = serve(socket -> {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int n = in.readInt();
            new DataOutputStream(socket.getOutputStream()).writeInt(n * 2);
        });
        int frontend = exposed(expose("e1", 0, backend));
        ExecutorService clients = Executors.newFixedThreadPool(50);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                answers.add(clients.submit(() -> {
                    try (Socket client = new Socket(LOOPBACK, frontend)) {
                        new DataOutputStream(client.getOutputStream()).writeInt(n);
                        return new DataInputStream(client.getInputStream()).readInt();
                    }
                }));
            }
            for (int i = 0; i < 50; i++) {
                assertEquals(i * 2, answers.get(i).get(30, TimeUnit.SECONDS));
            }
        } finally {
            clients.shutdownNow();
        }
        assertEquals(50, opened.size());
    }

    @Test
    void unexposeStopsListeningAndEndsOpenConnections() throws Exception {
        int backend = serve(socket -> socket.getInputStream().read());
        int frontend = exposed(expose("e1", 0, backend));
        try (Socket client = new Socket(LOOPBACK, frontend)) {
            assertTrue(eventually(() -> opened.size() == 1, 5000));
            JsonNode answer = agent.handle(json("{'type':'unexpose','id':'e1'}"));
            assertEquals("unexposed", answer.path("type").asText());
            client.setSoTimeout(5000);
            assertEquals(-1, client.getInputStream().read(), "the open connection ended");
        }
        // The JDK closes a listening socket with a blocked accept() a moment later: allow for that.
        assertTrue(eventually(() -> refused(frontend), 2000), "port " + frontend + " still accepts");
    }

    @Test
    void aPortForwardThatCannotOpenClosesTheConnectionAndSaysWhy() throws Exception {
        PodPortForwarder refusing = (namespace, pod, port) -> {
            throw new PodNotFoundException("port-forward to " + namespace + "/" + pod + ":" + port
                    + " failed: no such pod (HTTP 404)");
        };
        try (HostAgent refused = new HostAgent(refusing, LOOPBACK, stderr)) {
            int frontend = frontendOf(refused.handle(expose("e1", 0, 8080)));
            try (Socket client = new Socket(LOOPBACK, frontend)) {
                client.setSoTimeout(5000);
                assertEquals(-1, client.getInputStream().read());
            }
            assertTrue(eventually(() -> stderr.lines.size() == 2, 5000), stderr.lines.toString());
            assertEquals("service web: closed a connection to port " + frontend
                    + ": port-forward to ns1/web-pod:8080 failed: no such pod (HTTP 404)", stderr.lines.get(1));
        }
    }

    @Test
    void aRequestWithoutPodFailsNamingTheField() {
        JsonNode answer = agent.handle(json("{'type':'expose','id':'e1','namespace':'ns1','service':'web',"
                + "'ports':[{'frontend':0,'backend':80}]}"));
        assertEquals("failed", answer.path("type").asText());
        assertEquals("expose request: field 'pod' must be a non-empty string", answer.path("message").asText());
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, LOOPBACK)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean refused(int port) {
        try (Socket socket = new Socket(LOOPBACK, port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false; // reset: still closing
        }
    }

    private JsonNode expose(String id, int frontend, int backend) {
        return json("{'type':'expose','id':'" + id + "','namespace':'ns1','pod':'web-pod','service':'web',"
                + "'ports':[{'frontend':" + frontend + ",'backend':" + backend + "}]}");
    }

    private int exposed(JsonNode request) {
        return frontendOf(agent.handle(request));
    }

    private static int frontendOf(JsonNode answer) {
        assertEquals("exposed", answer.path("type").asText(), answer.toString());
        return answer.path("ports").path(0).path("frontend").asInt();
    }

    interface Connection {
        void handle(Socket socket) throws IOException;
    }

    /** A local server standing in for the pod: each connection handled on its own thread. */
    private int serve(Connection connection) throws IOException {
        ServerSocket server = new ServerSocket(0, 100, LOOPBACK);
        servers.add(server);
        Threads.start("test-pod", () -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Threads.start("test-pod-conn", () -> {
                        try (socket) {
                            connection.handle(socket);
                        } catch (IOException e) {
                            // the test sees it on its side
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server.getLocalPort();
    }
}
