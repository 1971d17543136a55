package dev.berth.operator.api.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.k8s.host.Exposure;
import dev.berth.engine.k8s.host.HostAgent;
import dev.berth.engine.k8s.host.HostAgentException;
import dev.berth.engine.k8s.host.HostServiceAttachment;
import dev.berth.engine.model.PortForward;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The session channel (see docs/host-networking.md), server end: the {@code berth} process on the
 * user's machine as the engine's {@link HostAgent}. Requests are JSON text frames answered by id;
 * the {@code berth} process pings every 5 s, and 20 s of silence count as gone.
 */
public final class HostChannel implements HostAgent, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HostChannel.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration SILENCE = Duration.ofSeconds(20);
    /** Target checks take up to 5 s per port; binding is immediate. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    /** Close code when a newer channel of the same session takes over. */
    public static final short REPLACED = 4000;

    private final String sessionId;
    private final ServerWebSocket socket;
    private final Vertx vertx;
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile long lastHeard = System.nanoTime();
    private long silenceTimer = -1;

    private HostChannel(String sessionId, ServerWebSocket socket, Vertx vertx) {
        this.sessionId = sessionId;
        this.socket = socket;
        this.vertx = vertx;
    }

    /** Starts serving an accepted WebSocket. */
    public static HostChannel serve(String sessionId, ServerWebSocket socket, Vertx vertx) {
        HostChannel channel = new HostChannel(sessionId, socket, vertx);
        socket.textMessageHandler(channel::onText);
        socket.pongHandler(pong -> channel.lastHeard = System.nanoTime());
        socket.closeHandler(v -> channel.ended("the berth process closed the session channel"));
        socket.exceptionHandler(e -> channel.ended("the session channel failed: " + e.getMessage()));
        channel.silenceTimer = vertx.setPeriodic(5000, t -> channel.checkSilence());
        LOG.infof("session %s: channel from the berth process attached", sessionId);
        return channel;
    }

    /** Completes with the reason once the channel has ended. */
    public CompletionStage<String> closed() {
        return closed;
    }

    // ---- HostAgent ------------------------------------------------------------------------

    @Override
    public Exposure expose(String namespace, String pod, String service, List<PortForward> ports) {
        ObjectNode request = request("expose");
        request.put("namespace", namespace).put("pod", pod).put("service", service);
        request.set("ports", forwards(ports));
        JsonNode answer = ask(request, "exposing service " + service + " on your machine");
        List<PortForward> bound = new ArrayList<>();
        answer.path("ports").forEach(p -> bound.add(PortForward.tcp(p.path("frontend").asInt(),
                p.path("backend").asInt())));
        if (bound.size() != ports.size() || bound.stream().anyMatch(p -> p.frontend() == 0)) {
            throw new HostAgentException("exposing service " + service + ": the berth process answered with ports "
                    + answer.path("ports") + " for " + ports);
        }
        return new ChannelExposure(request.get("id").asText(), answer.path("address").asText("127.0.0.1"),
                List.copyOf(bound));
    }

    @Override
    public void attachHostService(HostServiceAttachment a) {
        ObjectNode request = request("hostService");
        request.put("namespace", a.namespace()).put("pod", a.pod()).put("service", a.service())
                .put("controlPort", a.controlPort()).put("key", a.key()).put("host", a.host());
        request.set("ports", forwards(a.ports()));
        ask(request, "host service " + a.service());
    }

    @Override
    public void release(String namespace, String pod) {
        ObjectNode request = request("release");
        request.put("namespace", namespace).put("pod", pod);
        try {
            ask(request, "releasing host service " + pod);
        } catch (HostAgentException e) {
            LOG.debugf("session %s: release of %s: %s", sessionId, pod, e.getMessage());
        }
    }

    /** One {@code up} or started tunnel; closing it asks the berth process to stop listening. */
    private final class ChannelExposure implements Exposure {
        private final String id;
        private final String address;
        private final List<PortForward> ports;

        ChannelExposure(String id, String address, List<PortForward> ports) {
            this.id = id;
            this.address = address;
            this.ports = ports;
        }

        @Override
        public String address() {
            return address;
        }

        @Override
        public List<PortForward> ports() {
            return ports;
        }

        @Override
        public CompletionStage<String> lost() {
            return closed;
        }

        @Override
        public void close() {
            if (closed.isDone()) {
                return; // the berth process closed every listener when the channel ended
            }
            ObjectNode request = JSON.createObjectNode().put("type", "unexpose").put("id", id);
            try {
                ask(request, "closing the exposure " + id);
            } catch (HostAgentException e) {
                LOG.debugf("session %s: unexpose %s: %s", sessionId, id, e.getMessage());
            }
        }
    }

    // ---- protocol -------------------------------------------------------------------------

    private ObjectNode request(String type) {
        return JSON.createObjectNode().put("type", type).put("id", "r" + ids.incrementAndGet());
    }

    private static ArrayNode forwards(List<PortForward> ports) {
        ArrayNode array = JSON.createArrayNode();
        ports.forEach(p -> array.addObject().put("frontend", p.frontend()).put("backend", p.backend()));
        return array;
    }

    /** A new request of {@code type} with its id; {@link #ask(ObjectNode, String, Duration)} sends it. */
    ObjectNode newRequest(String type) {
        return request(type);
    }

    private JsonNode ask(ObjectNode request, String what) {
        return ask(request, what, ANSWER_TIMEOUT);
    }

    /** Sends a request and waits for its answer; a {@code failed} answer becomes the exception. */
    JsonNode ask(ObjectNode request, String what, Duration timeout) {
        if (closed.isDone()) {
            throw new HostAgentException(what + ": " + closed.join());
        }
        String id = request.get("id").asText();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            socket.writeTextMessage(request.toString());
            JsonNode reply = CompletableFuture.anyOf(answer, closed).get(timeout.toMillis(),
                    TimeUnit.MILLISECONDS) instanceof JsonNode json ? json : null;
            if (reply == null) {
                throw new HostAgentException(what + ": " + closed.join());
            }
            if ("failed".equals(reply.path("type").asText())) {
                throw new HostAgentException(reply.path("message").asText(what + " failed on your machine"));
            }
            return reply;
        } catch (TimeoutException e) {
            throw new HostAgentException(what + ": the berth process did not answer within "
                    + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new HostAgentException(what + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostAgentException(what + ": interrupted");
        } finally {
            pending.remove(id);
        }
    }

    private void onText(String text) {
        lastHeard = System.nanoTime();
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (java.io.IOException e) {
            LOG.warnf("session %s: malformed message on the session channel: %s", sessionId, e.getMessage());
            return;
        }
        if ("ping".equals(message.path("type").asText())) {
            socket.writeTextMessage("{\"type\":\"pong\"}");
            return;
        }
        CompletableFuture<JsonNode> waiting = pending.get(message.path("id").asText(""));
        if (waiting != null) {
            waiting.complete(message);
        }
    }

    private void checkSilence() {
        if (System.nanoTime() - lastHeard > SILENCE.toNanos()) {
            ended("no word from the berth process for " + SILENCE.toSeconds() + " s");
            socket.close((short) 1001, "silent");
        }
    }

    private void ended(String reason) {
        if (closed.complete("the berth process's session channel closed (" + reason + ")")) {
            vertx.cancelTimer(silenceTimer);
            LOG.infof("session %s: channel ended: %s", sessionId, reason);
        }
    }

    /** Replaced by a newer channel of the session, or the session closed. */
    public void close(short code, String reason) {
        ended(reason);
        if (!socket.isClosed()) {
            socket.close(code, reason);
        }
    }

    @Override
    public void close() {
        close((short) 1000, "session closed");
    }
}
