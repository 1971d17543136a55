package dev.berth.cli.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A stand-in of the engine's end of the session channel (Vert.x, on 127.0.0.1). */
public final class ChannelServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    public final List<String> upgrades = new CopyOnWriteArrayList<>();
    public final CompletableFuture<ServerWebSocket> socket = new CompletableFuture<>();
    volatile boolean answerPings = true;

    /** {@code channelPath}: where the endpoint is (anything else is 404). */
    public ChannelServer(String channelPath) throws Exception {
        server = vertx.createHttpServer().requestHandler(request -> {
            upgrades.add(request.path() + " " + request.getHeader("Authorization"));
            if (!request.path().equals(channelPath)) {
                request.response().setStatusCode(404).end();
                return;
            }
            request.toWebSocket().onSuccess(ws -> {
                ws.textMessageHandler(text -> {
                    try {
                        JsonNode message = JSON.readTree(text);
                        received.add(message);
                        if (answerPings && message.path("type").asText().equals("ping")) {
                            ws.writeTextMessage("{\"type\":\"pong\"}");
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                socket.complete(ws);
            });
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.actualPort() + "/");
    }

    /** The next message that is not a ping. */
    public JsonNode next() throws InterruptedException {
        while (true) {
            JsonNode message = received.poll(10, TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("no message within 10 s");
            }
            if (!message.path("type").asText().equals("ping")) {
                return message;
            }
        }
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
