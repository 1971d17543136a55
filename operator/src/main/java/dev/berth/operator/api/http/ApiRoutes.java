package dev.berth.operator.api.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.operator.api.graphql.BerthGraphQL;
import dev.berth.operator.api.graphql.RequestContext;
import dev.berth.operator.api.sessions.ApiCredentials;
import dev.berth.operator.api.sessions.ApiSession;
import dev.berth.operator.api.sessions.SessionRegistry;
import graphql.ExecutionResult;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The HTTP surface of the API.
 *
 * <ul>
 *   <li>{@code POST /query}: GraphQL over JSON, authenticated with a session token as the HTTP
 *       Basic user name (password ignored), as Dagger's SDKs send it.</li>
 *   <li>{@code POST /sessions}: opens a session; needs {@code Authorization: Bearer <bootstrap
 *       credential>}. Answers {@code 201 {"id", "token", "namespace"}}.</li>
 *   <li>{@code DELETE /sessions/{id}}: closes it (its namespace is deleted before the answer);
 *       needs the bootstrap credential, or the session's own token (Basic, like /query).</li>
 * </ul>
 *
 * GraphQL runs on worker threads: leaf fields wait for pods.
 */
@ApplicationScoped
public class ApiRoutes {

    private static final Logger LOG = Logger.getLogger(ApiRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REALM = "realm=\"berth\"";
    /** GraphQL documents are small; IDs inside them can be long (files in definitions). */
    private static final long MAX_BODY_BYTES = 64L * 1024 * 1024;

    @Inject
    SessionRegistry sessions;

    @Inject
    ApiCredentials credentials;

    @ConfigProperty(name = "quarkus.application.version")
    String version;

    private volatile BerthGraphQL graphQL;

    void routes(@Observes Router router) {
        router.route(HttpMethod.POST, "/query").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
                .blockingHandler(this::query, false);
        router.route(HttpMethod.GET, "/query").handler(ctx -> ctx.response().setStatusCode(405)
                .putHeader("Allow", "POST").end());
        router.route(HttpMethod.POST, "/sessions").handler(BodyHandler.create(false).setBodyLimit(64 * 1024))
                .blockingHandler(this::openSession, false);
        router.route(HttpMethod.DELETE, "/sessions/:id").blockingHandler(this::closeSession, false);
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

    private void query(RoutingContext ctx) {
        Optional<ApiSession> session = basicUser(ctx).flatMap(sessions::byToken);
        if (session.isEmpty()) {
            unauthorized(ctx, "Basic " + REALM, basicUser(ctx).isEmpty()
                    ? "missing session token: send it as the HTTP Basic user name"
                    : "unknown or closed session token");
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
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
        ExecutionResult result = graphQL().execute(new RequestContext(session.get(), credentials.ids()),
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
        SessionRegistry.Opened opened;
        try {
            opened = sessions.open();
        } catch (RuntimeException e) {
            LOG.warnf(e, "cannot open a session");
            requestError(ctx, 503, "cannot open a session: " + e.getMessage());
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", opened.session().id());
        answer.put("token", opened.token());
        answer.put("namespace", opened.session().namespace());
        json(ctx, 201, answer);
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

    private static void unauthorized(RoutingContext ctx, String challenge, String message) {
        ctx.response().putHeader("WWW-Authenticate", challenge);
        requestError(ctx, 401, message);
    }

    /** A GraphQL-shaped error body, so clients print the message whatever the status. */
    private static void requestError(RoutingContext ctx, int status, String message) {
        json(ctx, status, Map.of("errors", List.of(Map.of("message", message))));
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            LOG.error("cannot serialize a response", e);
            ctx.response().setStatusCode(500).end();
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(io.vertx.core.buffer.Buffer.buffer(bytes));
    }
}
