package dev.berth.operator.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code POST /query} accepts: the token is checked before any of the body is read, bodies
 * are bounded, and GraphQL documents as large as Dagger's SDKs send parse, larger ones get a
 * GraphQL error saying which limit they passed.
 */
@QuarkusTest
class ApiLimitsTest {

    private static final int MIB = 1024 * 1024;
    private static final int TIMEOUT_MS = 10_000;

    private String token;

    @BeforeEach
    void openSession() {
        token = given().header("Authorization", "Bearer " + ApiHttpTest.BOOTSTRAP)
                .when().post("/sessions")
                .then().statusCode(201).extract().jsonPath().getString("token");
    }

    // ---- the token comes before the body ----------------------------------------------------

    @Test
    void withoutATokenAnEndlessBodyIsAnswered401AndTheConnectionClosed() throws IOException {
        try (RawExchange raw = RawExchange.endlessChunkedBody(null)) {
            assertEquals(401, raw.status(), raw.head);
            assertTrue(raw.body.contains("missing session token"), raw.body);
            assertTrue(raw.closedByServer(), "the server stops taking the body");
        }
    }

    @Test
    void aWrongTokenIsAnsweredBeforeTheDeclaredBodyArrives() throws IOException {
        // 8 MiB announced, 1 KiB sent: the answer must not wait for the rest
        try (RawExchange raw = RawExchange.partialBody("not-a-token", 8 * MIB, 1024)) {
            assertEquals(401, raw.status(), raw.head);
            assertTrue(raw.body.contains("unknown or closed session token"), raw.body);
        }
    }

    // ---- authenticated bodies are bounded ------------------------------------------------------

    @Test
    void aBodyAnnouncedOverTheLimitIs413BeforeItIsSent() throws IOException {
        try (RawExchange raw = RawExchange.partialBody(token, 17 * MIB, 1024)) {
            assertEquals(413, raw.status(), raw.head);
            assertEquals("{\"errors\":[{\"message\":\"request body too large: /query accepts at most 16 MiB\"}]}",
                    raw.body);
            assertTrue(raw.closedByServer(), "the server does not wait for the rest");
        }
    }

    @Test
    void aQueryOf15MiBIsAnswered() {
        // SDKs inline file contents as string literals
        String contents = "x".repeat(15 * MIB);
        String query = "{ container { from(address: \"alpine\") { withNewFile(path: \"/big\", contents: \"" + contents
                + "\") { withExec(args: [\"wc\", \"-c\", \"/big\"]) { stdout } } } } }";
        assertEquals("wc -c /big", data(query).getString("data.container.from.withNewFile.withExec.stdout"));
    }

    @Test
    void anAuthenticatedEndlessBodyIs413AndTheConnectionClosed() throws IOException {
        try (RawExchange raw = RawExchange.endlessChunkedBody(token)) {
            assertEquals(413, raw.status(), raw.head);
            assertTrue(raw.body.contains("at most 16 MiB"), raw.body);
            assertTrue(raw.closedByServer(), "the server stops taking the body");
        }
    }

    // ---- parser limits -------------------------------------------------------------------------

    @Test
    void aChainOf300WithExecsParsesAndRuns() {
        JsonPath result = data(chain(300, "stdout id"));
        String path = "data.container.from" + ".withExec".repeat(300);
        assertEquals("echo 299", result.getString(path + ".stdout"));
        String id = result.getString(path + ".id");
        assertEquals("echo more", data("{ loadContainerFromID(id: \"" + id + "\") { withExec(args: [\"echo\", \"more\"]) "
                + "{ stdout } } }").getString("data.loadContainerFromID.withExec.stdout"));
    }

    @Test
    void aChainOf600CallsTheDocumentedLimitRunsAgainAndAgain() throws IOException {
        // graphql-java recurses per nested field, and its frames change as the JIT compiles it:
        // on a 1 MiB Vert.x worker stack the third run of this chain overflowed.
        // (Jackson reads the answer: RestAssured's JSON parser overflows the test's own stack.)
        for (int run = 0; run < 5; run++) {
            String answer = query(chain(600, "stdout")).statusCode(200).extract().asString();
            JsonNode node = new ObjectMapper().readTree(answer);
            assertTrue(node.path("errors").isMissingNode(), answer);
            node = node.path("data").path("container").path("from");
            for (int i = 0; i < 600; i++) {
                node = node.path("withExec");
            }
            assertEquals("echo 599", node.path("stdout").asText());
        }
    }

    @Test
    void aChainBeyondTheDepthLimitGetsAGraphQLErrorSayingHowToSplitIt() {
        query(chain(1000, "stdout")).statusCode(200)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("QUERY_TOO_LARGE"))
                .body("errors[0].message", containsString("nested too deeply"))
                .body("errors[0].message", containsString("about 600 chained calls"))
                .body("errors[0].message", containsString("loadContainerFromID"));
    }

    @Test
    void aQueryBeyondTheTokenLimitGetsAGraphQLErrorNamingTheLimit() {
        query("{ " + "version ".repeat(300_000) + "}").statusCode(200)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("QUERY_TOO_LARGE"))
                .body("errors[0].message", containsString("more than 250000 tokens"));
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** {@code container.from(alpine)} then {@code n} nested {@code withExec(echo i)}, selecting {@code leaf}. */
    static String chain(int n, String leaf) {
        StringBuilder q = new StringBuilder("{ container { from(address: \"alpine\") ");
        for (int i = 0; i < n; i++) {
            q.append("{ withExec(args: [\"echo\", \"").append(i).append("\"]) ");
        }
        q.append("{ ").append(leaf).append(" }").append(" }".repeat(n)).append(" } }");
        return q.toString();
    }

    private ValidatableResponse query(String query) {
        return new SessionQueries(token).query(query);
    }

    private JsonPath data(String query) {
        return new SessionQueries(token).data(query);
    }

    /**
     * One {@code POST /query} over a plain socket, so the test controls how much of the body is
     * ever sent; the answer is read while the body is still being written.
     */
    static final class RawExchange implements AutoCloseable {

        final Socket socket;
        final String head;
        final String body;
        private final Thread writer;

        private RawExchange(Socket socket, Thread writer) throws IOException {
            this.socket = socket;
            this.writer = writer;
            InputStream in = socket.getInputStream();
            this.head = readHead(in);
            int length = contentLength(head);
            byte[] bytes = in.readNBytes(length);
            this.body = new String(bytes, StandardCharsets.UTF_8);
        }

        /** Chunks of 64 KiB, written until the server closes the connection. */
        static RawExchange endlessChunkedBody(String token) throws IOException {
            Socket socket = connect();
            OutputStream out = socket.getOutputStream();
            out.write(requestHead(token, "Transfer-Encoding: chunked").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = chunk(64 * 1024);
            Thread writer = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        out.write(chunk);
                    }
                } catch (IOException closed) {
                    // the server closed the connection: what the tests want
                }
            }, "endless-body");
            writer.setDaemon(true);
            writer.start();
            return new RawExchange(socket, writer);
        }

        /** Announces {@code declared} bytes and sends only {@code sent}. */
        static RawExchange partialBody(String token, int declared, int sent) throws IOException {
            Socket socket = connect();
            OutputStream out = socket.getOutputStream();
            out.write(requestHead(token, "Content-Length: " + declared).getBytes(StandardCharsets.US_ASCII));
            out.write("{\"query\": \"".concat(" ".repeat(sent)).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new RawExchange(socket, null);
        }

        int status() {
            return Integer.parseInt(head.split(" ", 3)[1]);
        }

        /** True once the server has closed its side: a read ends or the connection is reset. */
        boolean closedByServer() throws IOException {
            try {
                return socket.getInputStream().read() == -1;
            } catch (SocketTimeoutException stillOpen) {
                return false;
            } catch (SocketException reset) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            if (writer != null) {
                writer.interrupt();
            }
            socket.close();
        }

        private static Socket connect() throws IOException {
            Socket socket = new Socket("127.0.0.1", RestAssured.port);
            socket.setSoTimeout(TIMEOUT_MS);
            return socket;
        }

        private static String requestHead(String token, String framing) {
            String auth = token == null ? ""
                    : "Authorization: Basic " + Base64.getEncoder().encodeToString((token + ":")
                            .getBytes(StandardCharsets.UTF_8)) + "\r\n";
            return "POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + auth
                    + framing + "\r\n\r\n";
        }

        private static byte[] chunk(int size) {
            byte[] data = " ".repeat(size).getBytes(StandardCharsets.US_ASCII);
            byte[] prefix = (Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream chunk = new ByteArrayOutputStream();
            chunk.writeBytes(prefix);
            chunk.writeBytes(data);
            chunk.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            return chunk.toByteArray();
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed before the answer's head: " + head);
                }
                head.write(b);
            }
            return head.toString(StandardCharsets.US_ASCII);
        }

        private static int contentLength(String head) {
            for (String line : head.split("\r\n")) {
                if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                    return Integer.parseInt(line.substring(15).trim());
                }
            }
            return 0;
        }
    }
}
