package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SDKs' endpoint sends a request again when the API's connection is lost before an answer. */
class RetryingApiProxyTest {

    private final List<String> said = new CopyOnWriteArrayList<>();
    private ServerSocket upstream;
    private RetryingApiProxy proxy;

    @AfterEach
    void stop() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    /**
     * A minimal HTTP upstream: the first {@code drops} connections are closed after the request
     * arrives (an operator pod that went away), the next answer 503 {@code busy} times, then 200
     * echoing the body.
     */
    private AtomicInteger serve(int drops, int busy) throws IOException {
        upstream = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        AtomicInteger requests = new AtomicInteger();
        Thread thread = new Thread(() -> {
            while (!upstream.isClosed()) {
                try (Socket socket = upstream.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                            StandardCharsets.ISO_8859_1));
                    int length = 0;
                    String line;
                    while ((line = in.readLine()) != null && !line.isEmpty()) {
                        if (line.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    char[] body = new char[length];
                    int read = 0;
                    while (read < length) {
                        read += in.read(body, read, length - read);
                    }
                    int n = requests.incrementAndGet();
                    if (n <= drops) {
                        continue; // closed without an answer
                    }
                    String status = n <= drops + busy ? "503 Service Unavailable" : "200 OK";
                    String answer = n <= drops + busy ? "busy" : "echo " + new String(body);
                    OutputStream out = socket.getOutputStream();
                    out.write(("HTTP/1.1 " + status + "\r\nContent-Type: text/plain\r\nContent-Length: "
                            + answer.length() + "\r\nConnection: close\r\n\r\n" + answer)
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (IOException e) {
                    // closed
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
        proxy = RetryingApiProxy.start(upstream.getLocalPort(), said::add);
        return requests;
    }

    private HttpResponse<String> post(String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + proxy.port() + "/query"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic dG9rZW46")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRequestWhoseConnectionWasLostIsSentAgain() throws Exception {
        AtomicInteger requests = serve(2, 0);
        HttpResponse<String> response = post("{\"query\":\"{ a }\"}");
        assertEquals(200, response.statusCode());
        assertEquals("echo {\"query\":\"{ a }\"}", response.body(), "the same body reached the upstream again");
        assertEquals(3, requests.get());
        assertTrue(said.stream().anyMatch(s -> s.contains("sending the request again")), said.toString());
    }

    @Test
    void anUpstreamAnswering503IsAskedAgain() throws Exception {
        AtomicInteger requests = serve(0, 2);
        HttpResponse<String> response = post("x");
        assertEquals(200, response.statusCode());
        assertEquals("echo x", response.body());
        assertEquals(3, requests.get());
    }

    @Test
    void otherAnswersArePassedOnAsTheyAre() throws Exception {
        serve(0, 0);
        HttpResponse<String> response = post("y");
        assertEquals(200, response.statusCode());
        assertEquals("text/plain", response.headers().firstValue("content-type").orElse(""));
        assertTrue(said.isEmpty(), said.toString());
    }
}
