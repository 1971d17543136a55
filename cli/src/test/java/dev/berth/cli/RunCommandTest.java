package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth run --api ...} against a stand-in of the session endpoints. */
class RunCommandTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/sessions", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + auth);
            if (exchange.getRequestMethod().equals("POST")) {
                int status = "Bearer boot-credential".equals(auth) ? 201 : 401;
                byte[] body = (status == 201 ? "{\"id\":\"s1\",\"token\":\"tok\",\"namespace\":\"berth-s1\"}"
                        : "{\"errors\":[{\"message\":\"nope\"}]}").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
            } else if (exchange.getRequestMethod().equals("GET")) {
                // an operator without the session channel endpoint
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopApi() {
        server.stop(0);
    }

    @Test
    void runsTheCommandWithTheSessionAndPassesItsExitCode() throws IOException {
        Path token = Files.writeString(dir.resolve("bootstrap"), "boot-credential\n");
        Path out = dir.resolve("env");
        String stderr;
        int code;
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code = Berth.commandLine().execute("run", "--api", "http://127.0.0.1:" + port(), "--bootstrap-token-file",
                token.toString(), "--", "sh", "-c", "echo \"$DAGGER_SESSION_PORT $DAGGER_SESSION_TOKEN\" > " + out
                        + "; exit 7");
        } finally {
            System.setErr(original);
        }
        stderr = captured.toString(StandardCharsets.UTF_8);
        assertEquals(7, code);
        assertTrue(stderr.contains("berth: no session channel (the API has no /sessions/s1/channel: HTTP 404, an "
                + "operator older than this berth?): up, tunnels and host services are unavailable\n"), stderr);
        assertEquals(port() + " tok", Files.readString(out).trim());
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("tok:".getBytes());
        assertEquals(List.of("POST /sessions Bearer boot-credential", "GET /sessions/s1/channel " + basic,
                "DELETE /sessions/s1 " + basic), requests);
    }

    @Test
    void relaysANonLoopbackSpellingToA127Port() throws Exception {
        try (ApiConnection connection = ApiConnection.direct(URI.create("http://localhost:" + port()))) {
            assertTrue(connection.loopbackPort() != port(), "relayed through another port");
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + connection.loopbackPort()
                            + "/sessions")).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(401, response.statusCode());
        }
    }

    @Test
    void failsClearlyWithoutCredentialAndClosesNothing() {
        int code = Berth.commandLine().execute("run", "--api", "http://127.0.0.1:" + port(), "--bootstrap-token-file",
                dir.resolve("missing").toString(), "--", "true");
        assertEquals(Berth.EXIT_BERTH_FAILED, code);
        assertTrue(requests.isEmpty(), requests.toString());
    }

    @Test
    void aBindAddressNotOfThisMachineFailsBeforeOpeningASession() throws IOException {
        Path token = Files.writeString(dir.resolve("bootstrap"), "boot-credential");
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int code;
        try {
            // TEST-NET-1: no machine here has it (nothing is sent there: only the local interfaces are read)
            code = Berth.commandLine().execute("run", "--api", "http://127.0.0.1:" + port(), "--bind", "192.0.2.1",
                    "--bootstrap-token-file", token.toString(), "--", "true");
        } finally {
            System.setErr(original);
        }
        assertEquals(Berth.EXIT_BERTH_FAILED, code);
        assertEquals("berth: --bind 192.0.2.1: not an address of this machine\n",
                captured.toString(StandardCharsets.UTF_8));
        assertTrue(requests.isEmpty(), requests.toString());
    }

    @Test
    void refusesHttpsAndPaths() {
        assertEquals(Berth.EXIT_BERTH_FAILED, Berth.commandLine().execute("run", "--api", "https://example.invalid",
                "--", "true"));
        assertEquals(Berth.EXIT_BERTH_FAILED, Berth.commandLine().execute("run", "--api", "http://127.0.0.1:1/x",
                "--", "true"));
    }

    @Test
    void commandNotFoundIs127AndTheSessionIsClosed() throws IOException {
        Path token = Files.writeString(dir.resolve("bootstrap"), "boot-credential");
        int code = Berth.commandLine().execute("run", "--api", "http://127.0.0.1:" + port(), "--bootstrap-token-file",
                token.toString(), "--", "/nonexistent/command");
        assertEquals(Berth.EXIT_COMMAND_NOT_FOUND, code);
        assertTrue(requests.get(requests.size() - 1).startsWith("DELETE /sessions/s1"), requests.toString());
    }

    private int port() {
        return server.getAddress().getPort();
    }
}
