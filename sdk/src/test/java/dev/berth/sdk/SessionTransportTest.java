package dev.berth.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.berth.sdk.exception.DaggerExecException;
import dev.berth.sdk.exception.DaggerQueryException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connection Dagger's SDKs make (POST /query, session token as the Basic user name), over
 * SmallRye's client against a loopback HTTP server that answers as Berth's API does.
 */
class SessionTransportTest {

    private HttpServer server;
    private final List<String> authorizations = new ArrayList<>();
    private final List<String> bodies = new ArrayList<>();
    private volatile String answer;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/query", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void sendsTheDocumentWithTheTokenAsBasicUserName() throws Exception {
        answer = "{\"data\":{\"container\":{\"from\":{\"stdout\":\"hi\\n\"}}}}";
        try (AutoCloseableClient client = Dagger.connect(new SessionTransport(server.getAddress().getPort(), "tok"))) {
            assertEquals("hi\n", client.container().from("alpine").stdout());
        }
        assertEquals(List.of("Basic dG9rOg=="), authorizations); // base64("tok:")
        assertTrue(bodies.get(0).contains("query{container{from(address:\\\"alpine\\\"){stdout}}}"), bodies.get(0));
    }

    @Test
    void anExecErrorCarriesCommandExitCodeAndOutput() throws Exception {
        answer = "{\"data\":null,\"errors\":[{\"message\":\"process \\\"sh -c exit 3\\\" did not complete successfully: exit code: 3\","
                + "\"path\":[\"container\",\"withExec\",\"stdout\"],\"extensions\":{\"_type\":\"EXEC_ERROR\","
                + "\"cmd\":[\"sh\",\"-c\",\"exit 3\"],\"exitCode\":3,\"stdout\":\"to-stdout\",\"stderr\":\"to-stderr\"}}]}";
        try (AutoCloseableClient client = Dagger.connect(new SessionTransport(server.getAddress().getPort(), "tok"))) {
            DaggerQueryException thrown = assertThrows(DaggerQueryException.class,
                    () -> client.container().withExec(List.of("sh", "-c", "exit 3")).stdout());
            DaggerExecException exec = assertInstanceOf(DaggerExecException.class, thrown);
            assertEquals(3, exec.getExitCode());
            assertEquals(List.of("sh", "-c", "exit 3"), exec.getCmd());
            assertEquals("to-stdout", exec.getStdOut());
            assertEquals("to-stderr", exec.getStdErr());
        }
    }

    @Test
    void otherErrorsAreQueryExceptionsWithTheServersMessage() throws Exception {
        answer = "{\"data\":null,\"errors\":[{\"message\":\"Container.withMountedCache: sharing LOCKED is not supported\"}]}";
        try (AutoCloseableClient client = Dagger.connect(new SessionTransport(server.getAddress().getPort(), "tok"))) {
            DaggerQueryException thrown = assertThrows(DaggerQueryException.class, () -> client.container().sync());
            assertEquals(DaggerQueryException.class, thrown.getClass());
            assertEquals("Container.withMountedCache: sharing LOCKED is not supported", thrown.getMessage());
        }
    }
}
