package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.channel.ChannelServer;
import dev.berth.cli.channel.SessionChannel;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A lost session channel is opened again, so a brief outage does not cost the session. */
class SessionAgentTest {

    @Test
    void aLostChannelIsReestablished() throws Exception {
        List<String> said = new CopyOnWriteArrayList<>();
        try (ChannelServer engine = new ChannelServer("/sessions/s1/channel");
                SessionAgent agent = SessionAgent.start(engine.base(), "s1", "tok", InetAddress.getLoopbackAddress(),
                        said::add, new SessionChannel.Timing(Duration.ofMillis(200), Duration.ofSeconds(5)),
                        Duration.ofSeconds(10))) {
            engine.socket.get(10, TimeUnit.SECONDS).close(); // the channel drops (an API port-forward hiccup)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (engine.upgrades.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(engine.upgrades.size() >= 2, "berth opened the channel again: " + engine.upgrades);
            while (!said.contains("session channel re-established") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(said.stream().anyMatch(l -> l.startsWith("session channel lost")), said.toString());
            assertTrue(said.contains("session channel re-established"), said.toString());
        }
    }

    @Test
    void fileRequestsReachTheSessionsEndpointsWithItsToken() throws Exception {
        try (ChannelServer engine = new ChannelServer("/sessions/s1/channel");
                SessionAgent agent = SessionAgent.start(engine.base(), "s1", "tok", InetAddress.getLoopbackAddress(),
                        line -> { })) {
            engine.socket.get(10, TimeUnit.SECONDS)
                    .writeTextMessage("{\"type\":\"export\",\"id\":\"x1\",\"kind\":\"file\",\"path\":\"unused\"}");
            JsonNode answer = engine.next();
            // this engine has no export endpoint: the request got there, with the session's token
            assertEquals("failed", answer.path("type").asText(), answer.toString());
            assertEquals("x1", answer.path("id").asText());
            assertTrue(engine.upgrades.contains("/sessions/s1/exports/x1 Basic dG9rOg=="), engine.upgrades.toString());
        }
    }
}
