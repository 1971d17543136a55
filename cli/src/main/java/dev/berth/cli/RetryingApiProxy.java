package dev.berth.cli;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The SDKs' HTTP endpoint on 127.0.0.1 ({@code DAGGER_SESSION_PORT}) in front of the in-cluster
 * API: each request is sent upstream again when the operator pod that had it went away before
 * answering (a restart, a failover: the connection closes, or it answers 503 while shutting
 * down), for up to {@link #RETRY_FOR}; the next attempt reaches another pod, which serves the
 * same session. Sending a query twice is safe: the engine memoizes execs by their definition and
 * starts each service once. A caller that hangs up cancels its upstream request (how {@code up}
 * ends).
 */
final class RetryingApiProxy implements AutoCloseable {

    static final Duration RETRY_FOR = Duration.ofSeconds(90);
    private static final long FIRST_DELAY_MILLIS = 250;
    private static final long MAX_DELAY_MILLIS = 4000;
    private static final int MAX_BODY = 32 * 1024 * 1024;
    /** Per connection, not forwarded (RFC 9110 section 7.6.1); lengths are set by Vert.x. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length");

    private final Vertx vertx;
    private final HttpClient upstream;
    private final HttpServer server;
    private final Consumer<String> say;

    private RetryingApiProxy(Vertx vertx, HttpClient upstream, HttpServer server, Consumer<String> say) {
        this.vertx = vertx;
        this.upstream = upstream;
        this.server = server;
        this.say = say;
    }

    /** Listens on a free port of 127.0.0.1 and sends requests to {@code 127.0.0.1:upstreamPort}. */
    static RetryingApiProxy start(int upstreamPort, Consumer<String> say) throws IOException {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        HttpClient upstream = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(upstreamPort).setKeepAlive(true).setMaxPoolSize(64));
        RetryingApiProxy[] proxy = new RetryingApiProxy[1];
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(request -> proxy[0].handle(request));
        proxy[0] = new RetryingApiProxy(vertx, upstream, server, say);
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            vertx.close();
            throw new IOException("cannot listen on 127.0.0.1 for the SDKs: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            vertx.close();
            throw new IOException("interrupted", e);
        }
        return proxy[0];
    }

    int port() {
        return server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length != null && length.matches("\\d{1,12}") && Long.parseLong(length) > MAX_BODY) {
            request.response().setStatusCode(413).end("request body too large");
            return;
        }
        request.body().onSuccess(body -> send(request, body, System.nanoTime() + RETRY_FOR.toNanos(),
                FIRST_DELAY_MILLIS, false))
                .onFailure(e -> request.response().setStatusCode(400).end("cannot read the request: " + e.getMessage()));
    }

    private void send(HttpServerRequest request, Buffer body, long deadline, long delay, boolean retried) {
        RequestOptions options = new RequestOptions().setMethod(request.method()).setURI(request.uri());
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        request.headers().forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase())) {
                headers.add(h.getKey(), h.getValue());
            }
        });
        options.setHeaders(headers);
        upstream.request(options).compose(out -> {
            request.response().closeHandler(v -> out.reset()); // the caller hung up: cancel (up ends)
            return out.send(body);
        }).onSuccess(answer -> {
            if (answer.statusCode() == 503 && System.nanoTime() < deadline && !request.response().closed()) {
                answer.body(); // drain, then ask again: an operator shutting down, or busy
                retry(request, body, deadline, delay, "the API answered 503");
                return;
            }
            if (retried) {
                say.accept("the API answered again after a lost connection");
            }
            relay(request, answer);
        }).onFailure(error -> {
            if (request.response().closed()) {
                return;
            }
            if (System.nanoTime() < deadline) {
                retry(request, body, deadline, delay, error.getMessage());
                return;
            }
            request.response().setStatusCode(502).end("berth: no answer from the in-cluster API within "
                    + RETRY_FOR.toSeconds() + " s: " + error.getMessage());
        });
    }

    private void retry(HttpServerRequest request, Buffer body, long deadline, long delay, String why) {
        if (delay == FIRST_DELAY_MILLIS) {
            say.accept("lost the API connection (" + why + "); sending the request again");
        }
        vertx.setTimer(delay, t -> send(request, body, deadline, Math.min(delay * 2, MAX_DELAY_MILLIS), true));
    }

    private static void relay(HttpServerRequest request, HttpClientResponse answer) {
        var response = request.response().setStatusCode(answer.statusCode());
        answer.headers().forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase())) {
                response.headers().add(h.getKey(), h.getValue());
            }
        });
        response.setChunked(true);
        answer.pipeTo(response);
    }

    @Override
    public void close() {
        vertx.close();
    }
}
