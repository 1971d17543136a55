package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** The session endpoints of a Berth API. */
final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    private final URI base;

    ApiClient(URI base) {
        this.base = base;
    }

    record OpenedSession(String id, String token, String namespace, String daggerVersion) {
    }

    /** @param daggerVersion the Dagger version the client declares; null: the one the API serves */
    OpenedSession openSession(String bootstrapToken, String daggerVersion) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve("/sessions"))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + bootstrapToken);
        if (daggerVersion == null || daggerVersion.isEmpty()) {
            builder.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                    JSON.writeValueAsString(java.util.Map.of("daggerVersion", daggerVersion))));
        }
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            // java.net.http says only "ConnectException" (no message): say what was dialled and why
            throw new IOException("cannot reach the Berth API at " + base + " (connection refused): is the operator "
                    + "running there? (locally: java -jar operator/target/quarkus-app/quarkus-run.jar; in the cluster: "
                    + "bash e2e/demo.sh or helm install berth helm/berth)", e);
        }
        if (response.statusCode() != 201) {
            throw new IOException("opening a session at " + base + " failed: HTTP " + response.statusCode() + " "
                    + message(response.body()));
        }
        JsonNode body = JSON.readTree(response.body());
        return new OpenedSession(body.path("id").asText(), body.path("token").asText(), body.path("namespace").asText(),
                body.path("daggerVersion").asText(""));
    }

    /** Closes with the session's own token; the API answers once the namespace is marked for deletion. */
    void closeSession(String id, String token) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((token + ":").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/sessions/" + id))
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", "Basic " + basic)
                .DELETE()
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204 && response.statusCode() != 404) {
            throw new IOException("HTTP " + response.statusCode() + " " + message(response.body()));
        }
    }

    private static String message(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            if (json.path("errors").path(0).path("message").isTextual()) {
                return json.path("errors").path(0).path("message").asText();
            }
        } catch (IOException e) {
            // not JSON: show it as it is
        }
        return body.length() > 500 ? body.substring(0, 500) + "..." : body;
    }
}
