package dev.berth.engine.k8s.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Over real HTTP on loopback, as a runner posts. */
class ExecReportsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String EVENTS = "\u001eberth-event {\"i\":0,\"t\":\"done\"}\n";
    private ExecReports reports;

    @BeforeEach
    void start() throws Exception {
        reports = ExecReports.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                URI.create("http://127.0.0.1:0"));
    }

    @AfterEach
    void stop() {
        reports.close();
    }

    private static int post(String url, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static JsonNode target(ExecReports.Expected expected) throws Exception {
        return new ObjectMapper().readTree(expected.target());
    }

    @Test
    void thePodsOwnTokenDeliversItsEvents() throws Exception {
        try (ExecReports.Expected expected = reports.expect("berth-s1", "exec-abc")) {
            JsonNode target = target(expected);
            assertTrue(target.get("url").asText().endsWith("/exec-reports/berth-s1/exec-abc"), target.toString());
            assertTrue(target.get("url").asText().startsWith(reports.advertised().toString()), "the bound port is advertised");

            assertEquals(204, post(target.get("url").asText(), target.get("token").asText(), EVENTS));
            assertEquals(EVENTS, expected.events().get(5, TimeUnit.SECONDS));
            assertEquals(1, reports.delivered());
        }
    }

    @Test
    void aWrongOrMissingTokenIsRefusedAndDeliversNothing() throws Exception {
        try (ExecReports.Expected a = reports.expect("berth-s1", "exec-a");
                ExecReports.Expected b = reports.expect("berth-s1", "exec-b")) {
            String url = target(a).get("url").asText();
            assertEquals(401, post(url, target(b).get("token").asText(), EVENTS), "another pod's token");
            assertEquals(401, post(url, null, EVENTS));
            assertFalse(a.events().isDone());
            assertEquals(0, reports.delivered());
        }
    }

    @Test
    void aPodNoLongerAwaitedGets404() throws Exception {
        ExecReports.Expected expected = reports.expect("berth-s1", "exec-abc");
        JsonNode target = target(expected);
        expected.close();
        assertEquals(404, post(target.get("url").asText(), target.get("token").asText(), EVENTS));
    }

    @Test
    void anOversizedReportIsRefused() throws Exception {
        try (ExecReports.Expected expected = reports.expect("berth-s1", "exec-big")) {
            JsonNode target = target(expected);
            assertEquals(413, post(target.get("url").asText(), target.get("token").asText(),
                    "x".repeat(ExecReports.MAX_BYTES + 1)));
            assertFalse(expected.events().isDone());
        }
    }
}
