package dev.berth.operator.api.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.operator.api.FakeGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The session channel as the berth process sees it: the test plays the berth process on a real
 * WebSocket, and GraphQL's {@code up} and {@code Host.tunnel} reach it with the host ports Dagger
 * would choose, block while the client stays connected, and end when it goes away.
 */
@QuarkusTest
class HostChannelTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVICE = "container { from(address: \"python\") { withExposedPort(port: 8080) {"
            + " asService(args: [\"python\", \"-m\", \"http.server\", \"8080\"]) { %s } } } }";

    private String id;
    private String token;
    private SessionQueries queries;
    private FakeAgent agent;

    @BeforeEach
    void openSessionAndChannel() throws Exception {
        JsonPath opened = given().header("Authorization", "Bearer " + ApiHttpTest.BOOTSTRAP)
                .when().post("/sessions").then().statusCode(201).extract().jsonPath();
        id = opened.getString("id");
        token = opened.getString("token");
        queries = new SessionQueries(token);
        agent = FakeAgent.connect(URI.create("ws://localhost:" + RestAssured.port + "/sessions/" + id + "/channel"),
                token);
    }

    @AfterEach
    void close() {
        agent.socket.abort();
    }

    @Test
    void theChannelNeedsTheSessionsOwnToken() {
        String other = given().header("Authorization", "Bearer " + ApiHttpTest.BOOTSTRAP).when().post("/sessions")
                .then().statusCode(201).extract().jsonPath().getString("token");
        CompletableFuture<WebSocket> refused = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", basic(other))
                .buildAsync(URI.create("ws://localhost:" + RestAssured.port + "/sessions/" + id + "/channel"),
                        new WebSocket.Listener() { });
        Throwable failure = refused.handle((ws, e) -> e).join();
        assertTrue(failure != null && failure.getCause() instanceof java.net.http.WebSocketHandshakeException,
                String.valueOf(failure));
        assertEquals(401, ((java.net.http.WebSocketHandshakeException) failure.getCause()).getResponse().statusCode());
    }

    @Test
    void upAsksTheBerthProcessForNativePortsAndEndsWhenTheClientGoesAway() throws Exception {
        try (Socket client = postQuery("{ " + SERVICE.formatted("up") + " }")) {
            JsonNode expose = agent.next();
            assertEquals("expose", expose.path("type").asText());
            assertEquals("berth-" + id, expose.path("namespace").asText());
            assertEquals(8080, expose.path("ports").path(0).path("frontend").asInt(), "native: the same port");
            assertEquals(8080, expose.path("ports").path(0).path("backend").asInt());
            agent.answer(expose, "exposed", "{\"address\":\"127.0.0.1\",\"ports\":[{\"frontend\":8080,\"backend\":8080}]}");
            client.setSoTimeout(1500);
            assertTrue(noAnswerYet(client), "up blocks while the client is connected");
        }
        JsonNode unexpose = agent.next();
        assertEquals("unexpose", unexpose.path("type").asText(), "the client went away: up ends");
    }

    @Test
    void whenTheBerthProcessGoesAwayUpEndsWithAClearError() throws Exception {
        try (Socket client = postQuery("{ " + SERVICE.formatted("up(ports: [{frontend: 9001, backend: 8080}])")
                + " }")) {
            JsonNode expose = agent.next();
            agent.answer(expose, "exposed", "{\"address\":\"127.0.0.1\",\"ports\":[{\"frontend\":9001,\"backend\":8080}]}");
            client.setSoTimeout(1000);
            assertTrue(noAnswerYet(client), "up blocks while the channel lives");
            agent.socket.abort(); // the berth process vanishes: its connection drops without a close frame
            String answer = readAll(client);
            assertTrue(answer.contains("no longer exposed") && answer.contains("session channel closed"), answer);
        }
    }

    @Test
    void aSessionWhoseBerthProcessVanishedIsClosedAfterTheTimeout() throws Exception {
        agent.socket.abort(); // killed: no close frame, no DELETE /sessions
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15); // the test profile waits 2 s
        int status = 200;
        while (status != 401 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            status = queries.query("{ version }").extract().statusCode();
        }
        assertEquals(401, status, "the session's token stops working once the session is closed");
        assertTrue(FakeGateway.CALLS.contains("close " + id), FakeGateway.CALLS.toString());
    }

    @Test
    void aBerthProcessThatReconnectsKeepsItsSession() throws Exception {
        agent.socket.abort();
        agent = FakeAgent.connect(URI.create("ws://localhost:" + RestAssured.port + "/sessions/" + id + "/channel"),
                token);
        Thread.sleep(4000); // twice the test profile's timeout
        queries.query("{ version }").statusCode(200);
        assertTrue(!FakeGateway.CALLS.contains("close " + id), FakeGateway.CALLS.toString());
    }

    @Test
    void explicitAndRandomPortsAreAskedForAsGiven() throws Exception {
        try (Socket client = postQuery("{ " + SERVICE.formatted("up(ports: [{frontend: 9000, backend: 8080}])")
                + " }")) {
            JsonNode expose = agent.next();
            assertEquals(9000, expose.path("ports").path(0).path("frontend").asInt());
            agent.answer(expose, "failed", "{\"message\":\"host port 9000 is already in use on 127.0.0.1\"}");
            String answer = readAll(client);
            assertTrue(answer.contains("host port 9000 is already in use"), answer);
        }
        try (Socket client = postQuery("{ " + SERVICE.formatted("up(random: true)") + " }")) {
            JsonNode expose = agent.next();
            assertEquals(0, expose.path("ports").path(0).path("frontend").asInt(), "random: any free port");
            agent.answer(expose, "failed", "{\"message\":\"no\"}");
            readAll(client);
        }
    }

    @Test
    void aTunnelsEndpointIsOnTheUsersMachineUntilStopped() throws Exception {
        CompletableFuture<JsonPath> endpoint = CompletableFuture.supplyAsync(() -> queries.data(
                "{ host { tunnel(service: \"" + serviceId() + "\") { endpoint(scheme: \"http\") } } }"));
        JsonNode expose = agent.next();
        assertEquals(0, expose.path("ports").path(0).path("frontend").asInt(), "no ports, not native: random");
        agent.answer(expose, "exposed", "{\"address\":\"127.0.0.1\",\"ports\":[{\"frontend\":41234,\"backend\":8080}]}");
        assertEquals("http://127.0.0.1:41234", endpoint.get(10, TimeUnit.SECONDS)
                .getString("data.host.tunnel.endpoint"));
        // The same tunnel again: already started, nothing asked.
        assertEquals("127.0.0.1:41234", queries.data("{ host { tunnel(service: \"" + serviceId()
                + "\") { endpoint } } }").getString("data.host.tunnel.endpoint"));
        CompletableFuture<JsonPath> stopped = CompletableFuture.supplyAsync(() -> queries.data(
                "{ host { tunnel(service: \"" + serviceId() + "\") { stop } } }"));
        JsonNode unexpose = agent.next();
        assertEquals("unexpose", unexpose.path("type").asText());
        agent.answer(unexpose, "unexposed", "{}");
        stopped.get(10, TimeUnit.SECONDS);
    }

    @Test
    void udpCannotCrossAPortForward() {
        // The TypeScript SDK quotes enums inside input objects; Dagger accepts both spellings.
        for (String protocol : java.util.List.of("UDP", "\"UDP\"")) {
            JsonPath answer = queries.query("{ host { service(ports: [{backend: 53, protocol: " + protocol
                    + "}]) { id } } }").statusCode(200).extract().jsonPath();
            assertEquals("NOT_SUPPORTED", answer.getString("errors[0].extensions.code"), answer.prettify());
            assertTrue(answer.getString("errors[0].message").contains("TCP only"), answer.prettify());
        }
    }

    @Test
    void withoutAChannelUpSaysWhatIsMissing() {
        agent.socket.abort();
        String other = given().header("Authorization", "Bearer " + ApiHttpTest.BOOTSTRAP).when().post("/sessions")
                .then().statusCode(201).extract().jsonPath().getString("token");
        JsonPath answer = new SessionQueries(other).query("{ " + SERVICE.formatted("up") + " }")
                .statusCode(200).extract().jsonPath();
        assertTrue(answer.getString("errors[0].message").contains("berth run"), answer.prettify());
    }

    // ---- helpers --------------------------------------------------------------------------

    private String serviceId() {
        return queries.data("{ " + SERVICE.formatted("id") + " }").getString("data.container.from.withExposedPort"
                + ".asService.id");
    }

    /** A query sent on a raw socket, so the test can hang up while it runs. */
    private Socket postQuery(String query) throws IOException {
        byte[] body = JSON.writeValueAsBytes(java.util.Map.of("query", query));
        Socket socket = new Socket("localhost", RestAssured.port);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /query HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Authorization: " + basic(token) + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return socket;
    }

    private static boolean noAnswerYet(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() < 0 && false;
        } catch (java.net.SocketTimeoutException e) {
            return true;
        }
    }

    private static String readAll(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[65536];
        StringBuilder text = new StringBuilder();
        while (!text.toString().contains("\"data\"") && !text.toString().endsWith("}")) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":").getBytes(StandardCharsets.UTF_8));
    }

    /** The berth process's end of the channel, driven by the test. */
    private static final class FakeAgent implements WebSocket.Listener {
        private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static FakeAgent connect(URI uri, String token) {
            FakeAgent agent = new FakeAgent();
            agent.socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", basic(token))
                    .connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, agent).join();
            return agent;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    received.add(JSON.readTree(partial.toString()));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        JsonNode next() throws InterruptedException {
            JsonNode message = received.poll(15, TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("the berth process was asked nothing within 15 s");
            }
            return message;
        }

        void answer(JsonNode request, String type, String fields) throws IOException {
            com.fasterxml.jackson.databind.node.ObjectNode answer = (com.fasterxml.jackson.databind.node.ObjectNode)
                    JSON.readTree(fields);
            answer.put("type", type).put("id", request.path("id").asText());
            socket.sendText(answer.toString(), true).join();
        }
    }
}
