package dev.berth.cli.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The berth process's end of the session channel ({@code GET /sessions/{id}/channel} upgraded to
 * a WebSocket; JSON text frames, see docs/host-networking.md). Requests from the engine go to a
 * handler on a worker thread (an answer may take seconds, e.g. a target check) and its answer is
 * sent back; a {@code ping} goes out every {@link Timing#pingEvery}; no frame at all for
 * {@link Timing#lostAfter} means the engine is gone.
 */
public final class SessionChannel implements AutoCloseable {

    /** How often we ping, and after how long a silent engine counts as gone. */
    public record Timing(Duration pingEvery, Duration lostAfter) {
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(5), Duration.ofSeconds(20));
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);

    private final Function<JsonNode, ObjectNode> handler;
    private final Consumer<String> onLost;
    private final Timing timing;
    private final ExecutorService workers = Executors.newCachedThreadPool(daemon("berth-channel-request"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("berth-channel"));
    private final AtomicBoolean ended = new AtomicBoolean();
    private final StringBuilder partial = new StringBuilder();
    private final Object sendLock = new Object();
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
    private volatile long lastFrameNanos = System.nanoTime();
    private volatile WebSocket webSocket;

    private SessionChannel(Function<JsonNode, ObjectNode> handler, Consumer<String> onLost, Timing timing) {
        this.handler = handler;
        this.onLost = onLost;
        this.timing = timing;
    }

    /**
     * Opens the channel of a session of the API at {@code apiBase} (http://host:port/).
     *
     * @param handler answers one request (the answer carries the request's id)
     * @param onLost hears once why the channel ended, unless {@link #close()} ended it
     * @throws ChannelUnavailableException when the API has no channel endpoint (HTTP 404)
     */
    public static SessionChannel open(URI apiBase, String sessionId, String token,
            Function<JsonNode, ObjectNode> handler, Consumer<String> onLost, Timing timing) throws IOException {
        SessionChannel channel = new SessionChannel(handler, onLost, timing);
        URI uri = URI.create("ws://" + apiBase.getRawAuthority() + "/sessions/" + sessionId + "/channel");
        String basic = Base64.getEncoder().encodeToString((token + ":").getBytes(StandardCharsets.UTF_8));
        try {
            channel.webSocket = HttpClient.newBuilder().connectTimeout(OPEN_TIMEOUT).build()
                    .newWebSocketBuilder()
                    .header("Authorization", "Basic " + basic)
                    .connectTimeout(OPEN_TIMEOUT)
                    .buildAsync(uri, channel.new Listener())
                    .get(OPEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            channel.stopTimers();
            if (e.getCause() instanceof WebSocketHandshakeException handshake) {
                int status = handshake.getResponse().statusCode();
                if (status == 404) {
                    throw new ChannelUnavailableException("the API has no " + uri.getPath() + ": HTTP 404, an operator "
                            + "older than this berth?");
                }
                throw new IOException("opening " + uri + " failed: HTTP " + status);
            }
            throw new IOException("opening " + uri + " failed: " + reason(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            channel.stopTimers();
            throw new IOException("opening " + uri + " failed: no answer within " + OPEN_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            channel.stopTimers();
            Thread.currentThread().interrupt();
            throw new IOException("opening " + uri + " interrupted", e);
        }
        channel.lastFrameNanos = System.nanoTime();
        long ping = timing.pingEvery().toMillis();
        channel.timer.scheduleAtFixedRate(channel::tick, ping, ping, TimeUnit.MILLISECONDS);
        return channel;
    }

    /** Sends one message; sends are chained because a WebSocket allows one outstanding send. */
    public void send(ObjectNode message) {
        String text;
        try {
            text = JSON.writeValueAsString(message);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        synchronized (sendLock) {
            if (ended.get()) {
                return;
            }
            lastSend = lastSend.thenCompose(ignored -> webSocket.sendText(text, true));
            lastSend.whenComplete((ws, error) -> {
                if (error != null) {
                    lost("sending to the operator failed: " + reason(error));
                }
            });
        }
    }

    private void tick() {
        long silentMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastFrameNanos);
        if (silentMillis >= timing.lostAfter().toMillis()) {
            lost("no message from the operator for " + seconds(timing.lostAfter()));
            return;
        }
        send(JSON.createObjectNode().put("type", "ping"));
    }

    private void dispatch(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (IOException e) {
            return; // not JSON: nothing to answer
        }
        if (!message.hasNonNull("id")) {
            return; // pong, or a notice: receiving it was the point
        }
        try {
            workers.execute(() -> answer(message));
        } catch (RejectedExecutionException e) {
            // the channel ended meanwhile
        }
    }

    private void answer(JsonNode message) {
        {
            ObjectNode answer;
            try {
                answer = handler.apply(message);
            } catch (RuntimeException e) {
                answer = JSON.createObjectNode().put("type", "failed").put("message", "berth failed: " + reason(e));
            }
            answer.set("id", message.get("id"));
            send(answer);
        }
    }

    private void lost(String reason) {
        if (ended.compareAndSet(false, true)) {
            stopTimers();
            WebSocket ws = webSocket;
            if (ws != null) {
                ws.abort();
            }
            onLost.accept(reason);
        }
    }

    private void stopTimers() {
        timer.shutdownNow();
        workers.shutdownNow();
    }

    /** Closes the channel (a normal end: onLost is not called). */
    @Override
    public void close() {
        if (ended.compareAndSet(false, true)) {
            stopTimers();
            WebSocket ws = webSocket;
            CompletableFuture<?> sent;
            synchronized (sendLock) {
                sent = lastSend;
            }
            try {
                sent.handle((r, e) -> null)
                        .thenCompose(ignored -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "berth run ended"))
                        .get(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // the engine sees the end either way
            } finally {
                ws.abort();
            }
        }
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return (millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0)) + " s";
    }

    private static String reason(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private final class Listener implements WebSocket.Listener {

        @Override
        public void onOpen(WebSocket ws) {
            webSocket = ws; // a request may arrive before open() returns
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            lastFrameNanos = System.nanoTime();
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                dispatch(text);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            lastFrameNanos = System.nanoTime();
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
            lastFrameNanos = System.nanoTime();
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            lastFrameNanos = System.nanoTime();
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            lost(statusCode == 4000 ? "replaced by a newer channel of the same session"
                    : "closed by the operator (" + statusCode + (reason.isBlank() ? "" : " " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            lost("failed: " + reason(error));
        }
    }
}
