package dev.berth.sdk;

import dev.berth.sdk.exception.DaggerExecException;
import dev.berth.sdk.exception.DaggerQueryException;
import io.smallrye.graphql.client.GraphQLError;
import io.smallrye.graphql.client.Response;
import io.smallrye.graphql.client.dynamic.api.DynamicGraphQLClient;
import io.smallrye.graphql.client.vertx.dynamic.VertxDynamicGraphQLClientBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Queries a session's API the way Dagger's SDKs do: HTTP POST to
 * {@code http://127.0.0.1:$DAGGER_SESSION_PORT/query}, the session token as the HTTP Basic user
 * name with an empty password; sent by SmallRye GraphQL's dynamic client as a raw document.
 */
final class SessionTransport implements Transport {

    static final String PORT_ENV = "DAGGER_SESSION_PORT";
    static final String TOKEN_ENV = "DAGGER_SESSION_TOKEN";

    private final Vertx vertx;
    private final DynamicGraphQLClient client;

    SessionTransport(int port, String token) {
        // Daemon threads: a program using dag() ends when its main method returns, as with
        // Dagger's SDKs; Vert.x's default (non-daemon) event loops would keep the JVM alive.
        // No "event loop blocked" warnings on the user's terminal: on a busy 2-core laptop class
        // loading alone can hold a loop for 2 s (Vert.x's default threshold).
        this.vertx = Vertx.vertx(new VertxOptions().setUseDaemonThread(true)
                .setMaxEventLoopExecuteTime(60).setMaxEventLoopExecuteTimeUnit(java.util.concurrent.TimeUnit.SECONDS));
        String basic = Base64.getEncoder().encodeToString((token + ":").getBytes(StandardCharsets.UTF_8));
        this.client = new VertxDynamicGraphQLClientBuilder()
                .vertx(vertx)
                .url("http://127.0.0.1:" + port + "/query")
                .header("Authorization", "Basic " + basic)
                .build();
    }

    /** The session of {@code berth run} (or {@code dagger run}), from its environment. */
    static SessionTransport fromEnvironment() {
        String port = System.getenv(PORT_ENV);
        String token = System.getenv(TOKEN_ENV);
        if (port == null || port.isBlank() || token == null || token.isBlank()) {
            throw new IllegalStateException(PORT_ENV + " and " + TOKEN_ENV
                    + " are not set: run this program under a session, e.g. berth run -- java -jar app.jar");
        }
        try {
            return new SessionTransport(Integer.parseInt(port.strip()), token);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(PORT_ENV + " must be a port number, not '" + port + "'", e);
        }
    }

    @Override
    public JsonObject query(String document) throws ExecutionException, InterruptedException, DaggerQueryException {
        Response response = client.executeSync(document);
        if (response.hasError()) {
            throw toException(response.getErrors());
        }
        return response.getData();
    }

    static DaggerQueryException toException(List<GraphQLError> errors) {
        for (GraphQLError error : errors) {
            Map<String, Object> extensions = plain(error.getExtensions());
            if ("EXEC_ERROR".equals(extensions.get("_type"))) {
                return new DaggerExecException(errors, extensions);
            }
        }
        return new DaggerQueryException(errors);
    }

    /** Extensions as plain Java values, whichever JSON model the client used to read them. */
    private static Map<String, Object> plain(Map<String, Object> extensions) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (extensions != null) {
            extensions.forEach((k, v) -> result.put(k, plainValue(v)));
        }
        return result;
    }

    private static Object plainValue(Object v) {
        if (v instanceof JsonString s) {
            return s.getString();
        }
        if (v instanceof JsonNumber n) {
            return n.isIntegral() ? (Object) n.longValue() : n.doubleValue();
        }
        if (v instanceof List<?> list) {
            return list.stream().map(SessionTransport::plainValue).toList();
        }
        if (v == JsonValue.NULL) {
            return null;
        }
        return v;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            // closing a client that never connected: nothing to release
        }
        vertx.close();
    }
}
