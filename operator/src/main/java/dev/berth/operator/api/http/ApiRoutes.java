package dev.berth.operator.api.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.operator.api.graphql.BerthGraphQL;
import dev.berth.operator.api.graphql.QueryLimits;
import dev.berth.operator.api.graphql.RequestContext;
import dev.berth.operator.api.host.HostChannel;
import dev.berth.operator.api.sessions.ApiCredentials;
import dev.berth.operator.api.sessions.ApiSession;
import dev.berth.operator.api.sessions.DaggerVersion;
import dev.berth.operator.api.sessions.SessionLeases;
import dev.berth.operator.api.sessions.SessionRegistry;
import graphql.ExecutionResult;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The HTTP surface of the API.
 *
 * <ul>
 *   <li>{@code POST /query}: GraphQL over JSON, authenticated with a session token as the HTTP
 *       Basic user name (password ignored), as Dagger's SDKs send it. The token is checked
 *       before the body is read; bodies of at most {@link #MAX_QUERY_BYTES}.</li>
 *   <li>{@code POST /sessions}: opens a session; needs {@code Authorization: Bearer <bootstrap
 *       credential>}. An optional JSON body {@code {"daggerVersion": "v0.14.0"}} declares the Dagger
 *       version the client was written for (default: the one Berth serves). Answers {@code 201
 *       {"id", "token", "namespace", "daggerVersion"}}.</li>
 *   <li>{@code POST /sessions/{id}/uploads/{request}/manifest}, {@code .../blobs}, {@code GET
 *       /sessions/{id}/exports/{request}}: the bytes of host directories and exports
 *       (docs/files.md), with the session's own token.</li>
 *   <li>{@code DELETE /sessions/{id}}: closes it (its namespace is marked for deletion before the answer and removed in the background);
 *       needs the bootstrap credential, or the session's own token (Basic, like /query).</li>
 * </ul>
 *
 * GraphQL runs on {@link QueryThreads}: leaf fields wait for pods, and Dagger's deep call chains
 * need a larger stack than a Vert.x worker's.
 */
@ApplicationScoped
public class ApiRoutes {

    private static final Logger LOG = Logger.getLogger(ApiRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REALM = "realm=\"berth\"";
    /**
     * The largest {@code /query} body: Dagger's SDKs inline whole call chains and IDs (file
     * contents included) in one document, so the limit is the parser's (16 MiB). It applies only
     * once the token is known: an unauthenticated body is never read.
     */
    static final int MAX_QUERY_BYTES = QueryLimits.MAX_CHARACTERS;
    static final String TOO_LARGE = "request body too large: /query accepts at most "
            + MAX_QUERY_BYTES / (1024 * 1024) + " MiB";
    private static final String SESSION = ApiSession.class.getName();

    @Inject
    SessionRegistry sessions;

    @Inject
    ApiCredentials credentials;

    @Inject
    SessionLeases leases;

    @ConfigProperty(name = "quarkus.application.version")
    String version;

    private volatile BerthGraphQL graphQL;
    private final QueryThreads queryThreads = new QueryThreads();

    void routes(@Observes Router router) {
        // Two routes, in this order: Vert.x puts a route's body handler before its other handlers.
        router.route(HttpMethod.POST, "/query").handler(this::authenticateQuery);
        router.route(HttpMethod.POST, "/query")
                .handler(BodyHandler.create(false).setBodyLimit(MAX_QUERY_BYTES))
                .handler(this::runQuery)
                .failureHandler(ApiRoutes::bodyTooLarge);
        router.route(HttpMethod.GET, "/query").handler(ctx -> ctx.response().setStatusCode(405)
                .putHeader("Allow", "POST").end());
        router.route(HttpMethod.POST, "/sessions").handler(BodyHandler.create(false).setBodyLimit(64 * 1024))
                .blockingHandler(this::openSession, false);
        router.route(HttpMethod.DELETE, "/sessions/:id").blockingHandler(this::closeSession, false);
        router.route(HttpMethod.GET, "/sessions/:id/channel").handler(this::openChannel);
        // Host files (docs/files.md): authenticated first, as /query, then the body is read.
        router.route(HttpMethod.POST, "/sessions/:id/uploads/:request/manifest").handler(this::authenticateOwn);
        router.route(HttpMethod.POST, "/sessions/:id/uploads/:request/manifest")
                .handler(BodyHandler.create(false).setBodyLimit(FileRoutes.MAX_MANIFEST_BYTES))
                .blockingHandler(ctx -> FileRoutes.manifest(ctx, SESSION), false);
        router.route(HttpMethod.POST, "/sessions/:id/uploads/:request/blobs").handler(this::authenticateOwn)
                .handler(ctx -> FileRoutes.blobs(ctx, SESSION));
        router.route(HttpMethod.GET, "/sessions/:id/exports/:request").handler(this::authenticateOwn)
                .handler(ctx -> FileRoutes.export(ctx, SESSION));
    }

    /** The session's own token (Basic user name), for a path under {@code /sessions/<its id>/}. */
    private void authenticateOwn(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        withSession(ctx, found -> {
            Optional<ApiSession> session = found.filter(s -> s.id().equals(id));
            if (session.isEmpty()) {
                ctx.response().putHeader("WWW-Authenticate", "Basic " + REALM);
                rejectUnread(ctx, 401, "this needs the session's own token (Basic user name)");
                return;
            }
            ctx.put(SESSION, session.get());
            session.get().activity().touch();
            ctx.next();
        });
    }

    @PreDestroy
    void stop() {
        queryThreads.shutdown();
    }

    BerthGraphQL graphQL() {
        BerthGraphQL g = graphQL;
        if (g == null) {
            synchronized (this) {
                if (graphQL == null) {
                    graphQL = new BerthGraphQL(version);
                }
                g = graphQL;
            }
        }
        return g;
    }

    // ---- /query ---------------------------------------------------------------------------

    /**
     * Runs on the event loop before any of the body is read: an unknown token, or a body
     * announced over the limit, is answered at once and its connection closed.
     */
    private void authenticateQuery(RoutingContext ctx) {
        withSession(ctx, session -> {
            if (session.isEmpty()) {
                ctx.response().putHeader("WWW-Authenticate", "Basic " + REALM);
                rejectUnread(ctx, 401, basicUser(ctx).isEmpty()
                        ? "missing session token: send it as the HTTP Basic user name"
                        : "unknown or closed session token");
                return;
            }
            if (declaredLength(ctx) > MAX_QUERY_BYTES) {
                rejectUnread(ctx, 413, TOO_LARGE);
                return;
            }
            ctx.put(SESSION, session.get());
            ctx.next();
        });
    }

    /**
     * The session of the request's token (Basic user name): at once when this process holds it;
     * else looked up off the event loop (a session opened by another replica or before a restart
     * is attached), with the request paused meanwhile. A lookup that fails is a 503 to retry.
     */
    private void withSession(RoutingContext ctx, Consumer<Optional<ApiSession>> then) {
        Optional<String> user = basicUser(ctx);
        Optional<ApiSession> held = user.flatMap(sessions::held);
        if (held.isPresent() || user.isEmpty()) {
            then.accept(held);
            return;
        }
        ctx.request().pause();
        ctx.vertx().<Optional<ApiSession>>executeBlocking(() -> sessions.byToken(user.get()), false)
                .onComplete(found -> {
                    if (found.succeeded()) {
                        then.accept(found.result());
                    } else {
                        LOG.warnf("session lookup failed: %s", found.cause().getMessage());
                        rejectUnread(ctx, 503, "cannot look up the session now (" + found.cause().getMessage()
                                + "); retry");
                    }
                    ctx.request().resume();
                });
    }

    /** The body handler fails the route with 413 once a (chunked) body passes the limit. */
    private static void bodyTooLarge(RoutingContext ctx) {
        if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
            rejectUnread(ctx, 413, TOO_LARGE);
        } else {
            ctx.next();
        }
    }

    /** Hands the query to a {@link QueryThreads} thread: leaf fields block, and deep chains need its stack. */
    private void runQuery(RoutingContext ctx) {
        // Calls that block until the client goes away (up) end when its connection closes.
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        ctx.response().closeHandler(v -> cancelled.complete(null));
        ApiSession session = ctx.get(SESSION);
        session.activity().begin();
        boolean started = queryThreads.run(() -> {
            try {
                query(ctx, cancelled);
            } catch (RuntimeException | Error e) {
                ctx.vertx().runOnContext(v -> ctx.fail(e));
            } finally {
                session.activity().end();
            }
        });
        if (!started) {
            session.activity().end();
            requestError(ctx, 503, "too many queries at once: at most " + QueryThreads.MAX_THREADS
                    + " run in parallel; retry later");
        }
    }

    private void query(RoutingContext ctx, CompletableFuture<Void> cancelled) {
        ApiSession session = ctx.get(SESSION);
        JsonNode body;
        try {
            body = JSON.readTree(bodyBytes(ctx));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            requestError(ctx, 400, "request body is not JSON: " + e.getOriginalMessage());
            return;
        } catch (java.io.IOException e) {
            requestError(ctx, 400, "cannot read the request body: " + e.getMessage());
            return;
        }
        if (body == null || !body.isObject() || !body.path("query").isTextual()) {
            requestError(ctx, 400, "request body must be a JSON object with a \"query\" string");
            return;
        }
        Map<String, Object> variables = body.path("variables").isObject()
                ? JSON.convertValue(body.get("variables"), new TypeReference<Map<String, Object>>() {
                })
                : Map.of();
        String operationName = body.path("operationName").isTextual() ? body.get("operationName").asText() : null;
        ExecutionResult result = graphQL().execute(new RequestContext(session, credentials.ids(), cancelled),
                body.get("query").asText(), operationName, variables);
        json(ctx, 200, result.toSpecification());
    }

    // ---- /sessions ------------------------------------------------------------------------

    private void openSession(RoutingContext ctx) {
        if (!credentials.isBootstrapToken(bearer(ctx).orElse(null))) {
            unauthorized(ctx, "Bearer " + REALM, "opening a session needs the bootstrap credential "
                    + "(Authorization: Bearer <token>)");
            return;
        }
        DaggerVersion daggerVersion;
        try {
            daggerVersion = declaredDaggerVersion(ctx);
        } catch (IllegalArgumentException e) {
            requestError(ctx, 400, e.getMessage());
            return;
        }
        SessionRegistry.Opened opened;
        try {
            opened = sessions.open(daggerVersion);
        } catch (RuntimeException e) {
            LOG.warnf(e, "cannot open a session");
            requestError(ctx, 503, "cannot open a session: " + e.getMessage());
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", opened.session().id());
        answer.put("token", opened.token());
        answer.put("namespace", opened.session().namespace());
        answer.put("daggerVersion", opened.session().daggerVersion().toString());
        json(ctx, 201, answer);
    }

    /** {@code daggerVersion} of an open request's body; no body (or no field): the version served. */
    private static DaggerVersion declaredDaggerVersion(RoutingContext ctx) {
        byte[] bytes = bodyBytes(ctx);
        if (bytes.length == 0) {
            return DaggerVersion.SERVED;
        }
        JsonNode body;
        try {
            body = JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("request body is not JSON: " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("request body must be a JSON object, such as {\"daggerVersion\": \"v0.14.0\"}");
        }
        JsonNode declared = body.get("daggerVersion");
        if (declared == null || declared.isNull()) {
            return DaggerVersion.SERVED;
        }
        return DaggerVersion.parse(declared.isTextual() ? declared.asText() : null)
                .orElseThrow(() -> new IllegalArgumentException("daggerVersion: " + declared + " is not a version such as"
                        + " v0.14.0 (vMAJOR.MINOR.PATCH)"));
    }

    private void closeSession(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        boolean bootstrap = credentials.isBootstrapToken(bearer(ctx).orElse(null));
        boolean own = basicUser(ctx).flatMap(sessions::byToken).map(s -> s.id().equals(id)).orElse(false);
        if (!bootstrap && !own) {
            unauthorized(ctx, "Basic " + REALM, "closing a session needs its token (Basic user name) or the "
                    + "bootstrap credential (Bearer)");
            return;
        }
        try {
            if (!sessions.close(id)) {
                requestError(ctx, 404, "no open session " + id);
                return;
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "session %s: close failed", id);
            requestError(ctx, 500, "session " + id + " was forgotten but its namespace may remain: " + e.getMessage());
            return;
        }
        ctx.response().setStatusCode(204).end();
    }

    /**
     * The session channel (docs/host-networking.md): a WebSocket from the {@code berth} process,
     * authenticated with the session's own token; a newer channel replaces the older.
     */
    private void openChannel(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        withSession(ctx, found -> {
            Optional<ApiSession> session = found.filter(s -> s.id().equals(id));
            if (session.isEmpty()) {
                unauthorized(ctx, "Basic " + REALM, "the session channel needs the session's token (Basic user name)");
                return;
            }
            if (!"websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
                requestError(ctx, 400, "the session channel is a WebSocket: send Upgrade: websocket");
                return;
            }
            ctx.request().toWebSocket().onSuccess(socket -> {
                session.get().host().attach(HostChannel.serve(id, socket, ctx.vertx()));
                session.get().activity().touch();
                ctx.vertx().executeBlocking(() -> {
                    leases.renew(session.get()); // the lease says at once that a berth process is there
                    return null;
                }, false);
            }).onFailure(e -> LOG.warnf("session %s: channel upgrade failed: %s", id, e.getMessage()));
        });
    }

    // ---- helpers --------------------------------------------------------------------------

    /** The user name of an {@code Authorization: Basic} header. */
    static Optional<String> basicUser(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        String user = colon < 0 ? decoded : decoded.substring(0, colon);
        return user.isEmpty() ? Optional.empty() : Optional.of(user);
    }

    static Optional<String> bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /** The request's Content-Length, or -1 when absent or unreadable (chunked). */
    static long declaredLength(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Answers a request whose body has not been (fully) read, then closes an HTTP/1 connection:
     * the rest of the body is never read, and the connection cannot carry another request.
     * (An HTTP/2 connection is shared by other streams; there the answer ends only this one.)
     */
    private static void rejectUnread(RoutingContext ctx, int status, String message) {
        boolean unread = !ctx.request().isEnded();
        boolean http1 = ctx.request().version() != HttpVersion.HTTP_2;
        if (unread && http1) {
            ctx.response().putHeader("Connection", "close");
        }
        Future<Void> sent = requestError(ctx, status, message);
        if (unread && http1) {
            sent.onComplete(done -> ctx.request().connection().close());
        }
    }

    private static void unauthorized(RoutingContext ctx, String challenge, String message) {
        ctx.response().putHeader("WWW-Authenticate", challenge);
        requestError(ctx, 401, message);
    }

    /** The request body a BodyHandler read; none: empty. */
    static byte[] bodyBytes(RoutingContext ctx) {
        return ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    }

    /** A GraphQL-shaped error body, so clients print the message whatever the status. */
    private static Future<Void> requestError(RoutingContext ctx, int status, String message) {
        return json(ctx, status, Map.of("errors", List.of(Map.of("message", message))));
    }

    private static Future<Void> json(RoutingContext ctx, int status, Object body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            LOG.error("cannot serialize a response", e);
            return ctx.response().setStatusCode(500).end();
        }
        return ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(io.vertx.core.buffer.Buffer.buffer(bytes));
    }
}
