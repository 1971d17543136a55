package dev.berth.cli.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent's end of the session channel against a small WebSocket server. */
class SessionChannelTest {

    private static final SessionChannel.Timing FAST = new SessionChannel.Timing(Duration.ofMillis(100),
            Duration.ofMillis(600));

    private ChannelServer engine;
    private SessionChannel channel;
    private final CompletableFuture<String> lost = new CompletableFuture<>();

    @BeforeEach
    void start() throws Exception {
        engine = new ChannelServer("/sessions/s1/channel");
    }

    @AfterEach
    void stop() throws Exception {
        if (channel != null) {
            channel.close();
        }
        engine.close();
    }

    @Test
    void authenticatesWithTheTokenAndPingsEveryInterval() throws Exception {
        open(FAST, request -> null);
        String basic = Base64.getEncoder().encodeToString("tok:".getBytes());
        assertEquals(List.of("/sessions/s1/channel Basic " + basic), engine.upgrades);
        for (int i = 0; i < 3; i++) {
            JsonNode ping = engine.received.poll(2, TimeUnit.SECONDS);
            assertEquals("ping", ping == null ? null : ping.path("type").asText());
        }
        Thread.sleep(1000);
        assertTrue(!lost.isDone(), "answered pings keep the channel: " + lost.getNow(""));
    }

    @Test
    void answersARequestSentInSeveralFramesWithItsId() throws Exception {
        open(SessionChannel.Timing.DEFAULT, request -> SessionChannelTest.answer("exposed")
                .put("pod", request.path("pod").asText()));
        ServerWebSocket ws = engine.socket.get(10, TimeUnit.SECONDS);
        ws.writeFrame(WebSocketFrame.textFrame("{\"type\":\"expose\",\"id\":\"r-7\",", false));
        ws.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("\"pod\":\"web\"}"), true));

        JsonNode answer = engine.next();
        assertEquals("exposed", answer.path("type").asText());
        assertEquals("r-7", answer.path("id").asText());
        assertEquals("web", answer.path("pod").asText());
    }

    @Test
    void manyAnswersSentFromManyThreadsAllArrive() throws Exception {
        // Large answers from concurrent workers: sends overlap unless the channel queues them.
        String padding = "x".repeat(200 * 1024);
        open(SessionChannel.Timing.DEFAULT, request -> answer("unexposed").put("padding", padding));
        ServerWebSocket ws = engine.socket.get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 200; i++) {
            ws.writeTextMessage("{\"type\":\"unexpose\",\"id\":\"" + i + "\"}");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            ids.add(engine.next().path("id").asText());
        }
        assertEquals(200, ids.size());
        assertTrue(!lost.isDone(), "no send failed: " + lost.getNow(""));
    }

    @Test
    void anEngineSilentForTheTimeoutIsLost() throws Exception {
        engine.answerPings = false;
        long start = System.nanoTime();
        open(FAST, request -> null);
        String reason = lost.get(5, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals("no message from the operator for 0.6 s", reason);
        assertTrue(millis >= 550, "not before the timeout: " + millis + " ms");
    }

    @Test
    void aChannelClosedByTheEngineIsLostWithTheReason() throws Exception {
        open(SessionChannel.Timing.DEFAULT, request -> null);
        engine.socket.get(10, TimeUnit.SECONDS).close((short) 4000, "replaced");
        assertEquals("replaced by a newer channel of the same session", lost.get(5, TimeUnit.SECONDS));
    }

    @Test
    void anApiWithoutTheEndpointIsChannelUnavailable() throws Exception {
        ChannelUnavailableException e = assertThrows(ChannelUnavailableException.class, () -> SessionChannel.open(
                engine.base(), "other", "tok", request -> null, lost::complete, FAST));
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    }

    private void open(SessionChannel.Timing timing, Function<JsonNode, ObjectNode> handler) throws Exception {
        channel = SessionChannel.open(engine.base(), "s1", "tok", handler, lost::complete, timing);
    }

    private static ObjectNode answer(String type) {
        return ChannelServer.JSON.createObjectNode().put("type", type);
    }
}
