package dev.berth.e2e.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.k8s.crd.SessionOrigin;
import dev.berth.engine.k8s.crd.SessionResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * API sessions are recorded in the API server (Session resources), not in one operator's memory:
 * when the operator crashes, the next one serves their tokens and finds their services and exec
 * results where they were; a session whose client stopped showing up is closed by it.
 */
class ApiSessionRecoveryIT {

    /**
     * Short lease rounds and idle limit, so an abandoned session goes within the test; one ID key
     * for both operators, as replicas share one (the chart's: derived from the bootstrap
     * credential, which each test operator picks anew).
     */
    private static final Map<String, String> FAST_LEASES = Map.of("BERTH_API_LEASE_RENEW_SECONDS", "2",
            "BERTH_API_IDLE_SESSION_SECONDS", "30",
            "BERTH_API_ID_SECRET", "e2e-recovery-" + java.util.UUID.randomUUID() + "-id-key");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVICE = "{ container { from(address: \"python\") { withWorkdir(path: \"/srv\") "
            + "{ withNewFile(path: \"index.html\", contents: \"survived\") { withExposedPort(port: 8080) "
            + "{ asService(args: [\"python\", \"-m\", \"http.server\", \"8080\"]) { id } } } } } } }";

    private final KubernetesClient client = new KubernetesClientBuilder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anOpenSessionOutlivesACrashedOperatorAndAnAbandonedOneIsClosedByTheNext() throws Exception {
        Opened resumed;
        Opened abandoned;
        String serviceId;
        String execPodUid;
        String servicePodUid;
        BerthApiProcess first = BerthApiProcess.start(FAST_LEASES);
        try {
            resumed = open(first);
            abandoned = open(first);
            SessionResource record = client.resources(SessionResource.class).withName(resumed.id).get();
            assertNotNull(record, "an API session is recorded as a Session named by its id");
            assertEquals(SessionOrigin.Api, record.getSpec().getOrigin());
            assertEquals(resumed.namespace, "berth-" + resumed.id);
            assertEquals(record.getMetadata().getUid(), client.namespaces().withName(resumed.namespace).get()
                    .getMetadata().getOwnerReferences().get(0).getUid(), "the Session owns its namespace");
            assertFalse(record.getSpec().getTokenHash().isEmpty());
            assertFalse(record.toString().contains(resumed.token), "the token itself is never stored");

            serviceId = data(query(first, resumed, SERVICE)).findValue("id").asText();
            query(first, resumed, "{ loadServiceFromID(id: \"" + serviceId + "\") { start } }");
            assertEquals("before\n", stdout(query(first, resumed, echo("before"))));
            execPodUid = onlyExecPod(resumed.namespace).getMetadata().getUid();
            servicePodUid = servicePod(resumed.namespace).getMetadata().getUid();
        } catch (Exception | Error e) {
            first.close();
            throw e;
        }
        first.crash();

        try (BerthApiProcess second = BerthApiProcess.start(FAST_LEASES)) {
            // The same token works; the exec is not run again (its result is in its pod), the
            // pinned service runs on in the same pod and is reached by a new client.
            assertEquals("before\n", stdout(query(second, resumed, echo("before"))));
            assertEquals(execPodUid, onlyExecPod(resumed.namespace).getMetadata().getUid(),
                    "the exec ran once: the next operator read its result from its pod");
            String fetched = stdout(query(second, resumed, "{ container { from(address: \"alpine\") "
                    + "{ withServiceBinding(alias: \"www\", service: \"" + serviceId + "\") "
                    + "{ withExec(args: [\"wget\", \"-q\", \"-O-\", \"http://www:8080/\"]) { stdout } } } } }"));
            assertEquals("survived", fetched.trim());
            assertEquals(servicePodUid, servicePod(resumed.namespace).getMetadata().getUid(),
                    "the pinned service kept running in its pod");

            HttpResponse<String> closed = http.send(HttpRequest.newBuilder(
                    URI.create(second.baseUrl() + "/sessions/" + resumed.id))
                    .header("Authorization", basic(resumed.token)).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(204, closed.statusCode(), closed.body());
            await("the closed session's Session to go", Duration.ofSeconds(30),
                    () -> client.resources(SessionResource.class).withName(resumed.id).get() == null);
            second.assertNamespaceDeleted(resumed.namespace, "closed through the next operator");

            // Nobody used the other session since the crash: it is closed once idle too long.
            await("the abandoned session to be closed", Duration.ofSeconds(120),
                    () -> client.resources(SessionResource.class).withName(abandoned.id).get() == null
                            && !exists(abandoned.namespace));
            assertEquals(401, http.send(queryRequest(second, abandoned, echo("late")),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "a closed session's token is refused");
        }
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    private record Opened(String id, String token, String namespace) {
    }

    private Opened open(BerthApiProcess api) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/sessions"))
                .header("Authorization", "Bearer " + api.bootstrapToken())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        return new Opened(body.get("id").asText(), body.get("token").asText(), body.get("namespace").asText());
    }

    private static String echo(String word) {
        return "{ container { from(address: \"alpine\") { withExec(args: [\"echo\", \"" + word + "\"]) { stdout } } } }";
    }

    private HttpRequest queryRequest(BerthApiProcess api, Opened session, String query) throws Exception {
        return HttpRequest.newBuilder(URI.create(api.baseUrl() + "/query"))
                .header("Authorization", basic(session.token)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("query", query)))).build();
    }

    private JsonNode query(BerthApiProcess api, Opened session, String query) throws Exception {
        HttpResponse<String> response = http.send(queryRequest(api, session, query),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertTrue(body.path("errors").isMissingNode(), response.body());
        return body;
    }

    private static JsonNode data(JsonNode answer) {
        return answer.get("data");
    }

    private static String stdout(JsonNode answer) {
        return answer.findValue("stdout").asText();
    }

    private static String basic(String token) {
        return "Basic " + Base64.getEncoder().encodeToString((token + ":").getBytes());
    }

    private Pod onlyExecPod(String namespace) {
        var pods = client.pods().inNamespace(namespace).withLabel("berth.dev/role", "exec").list().getItems();
        assertEquals(1, pods.size(), "exec pods: " + pods.stream().map(p -> p.getMetadata().getName()).toList());
        return pods.get(0);
    }

    private Pod servicePod(String namespace) {
        var pods = client.pods().inNamespace(namespace).withLabel("berth.dev/role", "service").list().getItems();
        assertEquals(1, pods.size(), "service pods: " + pods.stream().map(p -> p.getMetadata().getName()).toList());
        return pods.get(0);
    }

    /** Present and not being deleted. */
    private boolean exists(String namespace) {
        Namespace ns = client.namespaces().withName(namespace).get();
        return ns != null && ns.getMetadata().getDeletionTimestamp() == null;
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(500);
        }
        fail("timed out waiting for " + what);
    }
}
