package dev.berth.cli.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.PortForward;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput of port-forwards on a real cluster, run by hand (README of cli/):
 * {@code -Dberth.bench=NAMESPACE/POD} with a pod serving {@code /blob} (100 MiB) on 8080 through
 * {@code python3 -m http.server}. Fetches it through {@link SpdyPortForwarder} (one connection for
 * every run), {@link WebSocketPortForwarder}, fabric8's port-forward (the channel variant) and
 * {@code kubectl port-forward}, alternating, and prints MB/s.
 */
@EnabledIfSystemProperty(named = "berth.bench", matches = ".+/.+")
class PortForwardBench {

    private static final int RUNS = Integer.getInteger("berth.bench.runs", 3);
    private static final byte[] REQUEST = "GET /blob HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final String namespace = System.getProperty("berth.bench").split("/")[0];
    private final String pod = System.getProperty("berth.bench").split("/")[1];

    @Test
    void compare() throws Exception {
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            WebSocketPortForwarder ours = new WebSocketPortForwarder(client);
            SpdyPortForwarder spdy = new SpdyPortForwarder(client);
            String expected = null;
            // run 0 warms up the JVM and the client (TLS, class loading); it is printed, not compared
            for (int run = 0; run <= RUNS; run++) {
                Result viaSpdy = timed(() -> fetch(spdy.open(namespace, pod, 8080)));
                Result berth = timed(() -> fetch(ours.open(namespace, pod, 8080)));
                Result fabric8 = timed(() -> fetchWithFabric8(client));
                Result kubectl = withKubectl(pod, 8080, port -> timed(() -> fetch(Duplex.of(new Socket("127.0.0.1",
                        port)))));
                System.out.printf(Locale.ROOT, "download run %d: spdy %.0f MB/s, websocket %.0f MB/s, fabric8 %.0f "
                        + "MB/s, kubectl %.0f MB/s (spdy/kubectl %.2f, websocket/kubectl %.2f, fabric8/kubectl %.2f)%n",
                        run, viaSpdy.mbPerSecond(), berth.mbPerSecond(), fabric8.mbPerSecond(), kubectl.mbPerSecond(),
                        viaSpdy.mbPerSecond() / kubectl.mbPerSecond(), berth.mbPerSecond() / kubectl.mbPerSecond(),
                        fabric8.mbPerSecond() / kubectl.mbPerSecond());
                expected = expected == null ? kubectl.sha256 : expected;
                assertEquals(expected, viaSpdy.sha256, "spdy's bytes");
                assertEquals(expected, berth.sha256, "berth's bytes");
                assertEquals(expected, fabric8.sha256, "fabric8's bytes");
                assertEquals(expected, kubectl.sha256, "kubectl's bytes");
            }
        }
    }

    /**
     * Upload: with {@code -Dberth.bench.sink=POD}, a pod in the same namespace that reads an 8-byte
     * length, that many bytes, and answers their sha256 (port 9000).
     */
    @Test
    @EnabledIfSystemProperty(named = "berth.bench.sink", matches = ".+")
    void upload() throws Exception {
        String sink = System.getProperty("berth.bench.sink");
        byte[] payload = new byte[100 << 20];
        new java.util.Random(7).nextBytes(payload);
        String expected = HexFormat.of().formatHex(sha256().digest(payload));
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            WebSocketPortForwarder ours = new WebSocketPortForwarder(client);
            SpdyPortForwarder spdy = new SpdyPortForwarder(client);
            for (int run = 0; run <= RUNS; run++) {
                Result viaSpdy = timed(() -> send(spdy.open(namespace, sink, 9000), payload));
                Result berth = timed(() -> send(ours.open(namespace, sink, 9000), payload));
                Result fabric8 = timed(() -> sendWithFabric8(client, sink, payload));
                Result kubectl = withKubectl(sink, 9000, port -> timed(() -> send(Duplex.of(new Socket("127.0.0.1",
                        port)), payload)));
                System.out.printf(Locale.ROOT, "upload run %d: spdy %.0f MB/s, websocket %.0f MB/s, fabric8 %.0f MB/s,"
                        + " kubectl %.0f MB/s (spdy/kubectl %.2f, websocket/kubectl %.2f, fabric8/kubectl %.2f)%n", run,
                        viaSpdy.mbPerSecond(), berth.mbPerSecond(), fabric8.mbPerSecond(), kubectl.mbPerSecond(),
                        viaSpdy.mbPerSecond() / kubectl.mbPerSecond(), berth.mbPerSecond() / kubectl.mbPerSecond(),
                        fabric8.mbPerSecond() / kubectl.mbPerSecond());
                assertEquals(expected, viaSpdy.sha256, "bytes the pod got through spdy");
                assertEquals(expected, fabric8.sha256, "bytes the pod got through fabric8");
                assertEquals(expected, berth.sha256, "bytes the pod got through berth");
                assertEquals(expected, kubectl.sha256, "bytes the pod got through kubectl");
            }
        }
    }

    private Body sendWithFabric8(KubernetesClient client, String sink, byte[] payload) throws Exception {
        Pipe toPod = Pipe.open();
        Pipe fromPod = Pipe.open();
        try (PortForward forward = client.pods().inNamespace(namespace).withName(sink)
                .portForward(9000, toPod.source(), fromPod.sink())) {
            java.io.OutputStream out = java.nio.channels.Channels.newOutputStream(toPod.sink());
            Thread writer = new Thread(() -> {
                try {
                    new java.io.DataOutputStream(out).writeLong(payload.length);
                    out.write(payload);
                } catch (IOException e) {
                    // the read below fails
                }
            });
            writer.start();
            byte[] answer = java.nio.channels.Channels.newInputStream(fromPod.source()).readNBytes(64);
            writer.join();
            return new Body(payload.length, new String(answer, StandardCharsets.US_ASCII));
        }
    }

    private static Body send(Duplex stream, byte[] payload) throws IOException {
        try (stream) {
            java.io.DataOutputStream out = new java.io.DataOutputStream(stream.output());
            out.writeLong(payload.length);
            for (int off = 0; off < payload.length; off += 128 * 1024) {
                out.write(payload, off, Math.min(128 * 1024, payload.length - off));
            }
            out.flush();
            return new Body(payload.length, new String(stream.input().readNBytes(64), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aPortNobodyListensOnEndsTheStreamWithTheKubeletsReason() throws Exception {
        try (KubernetesClient client = new KubernetesClientBuilder().build();
                SpdyPortForwarder spdy = new SpdyPortForwarder(client)) {
            for (PodPortForwarder forwarder : List.of(new WebSocketPortForwarder(client), spdy)) {
                try (Duplex stream = forwarder.open(namespace, pod, 9999)) {
                    IOException e = assertThrows(IOException.class, () -> stream.input().read(new byte[10]));
                    System.out.println("error for port 9999 (" + forwarder.getClass().getSimpleName() + "): "
                            + e.getMessage());
                    assertTrue(e.getMessage().startsWith("port-forward to " + namespace + "/" + pod + ":9999 failed: "),
                            e.getMessage());
                }
            }
            assertTrue(spdy.usesSpdy());
        }
    }

    @Test
    void aMissingPodIsPodNotFound() throws Exception {
        try (KubernetesClient client = new KubernetesClientBuilder().build();
                SpdyPortForwarder spdy = new SpdyPortForwarder(client)) {
            for (PodPortForwarder forwarder : List.of(new WebSocketPortForwarder(client), spdy)) {
                PodNotFoundException e = assertThrows(PodNotFoundException.class,
                        () -> forwarder.open(namespace, "no-such-pod", 8080));
                System.out.println("error for a missing pod (" + forwarder.getClass().getSimpleName() + "): "
                        + e.getMessage());
            }
        }
    }

    /** Time to first byte through a connection already held (SPDY) and through a new one each time (WebSocket). */
    @Test
    void timeToFirstByte() throws Exception {
        try (KubernetesClient client = new KubernetesClientBuilder().build();
                SpdyPortForwarder spdy = new SpdyPortForwarder(client)) {
            WebSocketPortForwarder ours = new WebSocketPortForwarder(client);
            byte[] head = "HEAD / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            for (int run = 0; run <= RUNS * 3; run++) {
                long[] nanos = new long[2];
                int i = 0;
                for (PodPortForwarder forwarder : List.of(spdy, ours)) {
                    long start = System.nanoTime();
                    try (Duplex stream = forwarder.open(namespace, pod, 8080)) {
                        stream.output().write(head);
                        stream.input().read();
                    }
                    nanos[i++] = System.nanoTime() - start;
                }
                System.out.printf(Locale.ROOT, "first byte run %d: spdy %.1f ms, websocket %.1f ms%n", run,
                        nanos[0] / 1e6, nanos[1] / 1e6);
            }
        }
    }

    record Body(long bytes, String sha256) {
    }

    record Result(long bytes, long nanos, String sha256) {
        double mbPerSecond() {
            return bytes / 1e6 / (nanos / 1e9);
        }
    }

    interface Fetch {
        Body run() throws Exception;
    }

    private static Result timed(Fetch fetch) throws Exception {
        long start = System.nanoTime();
        Body body = fetch.run();
        return new Result(body.bytes, System.nanoTime() - start, body.sha256);
    }

    /** Sends the request, reads the headers and exactly Content-Length bytes of body. */
    private static Body fetch(Duplex stream) throws IOException {
        try (stream) {
            stream.output().write(REQUEST);
            stream.output().flush();
            return readResponse(stream.input());
        }
    }

    interface OnPort {
        Result run(int port) throws Exception;
    }

    /** Starts {@code kubectl port-forward} to a free local port (its start-up is not timed). */
    private Result withKubectl(String pod, int podPort, OnPort transfer) throws Exception {
        Process kubectl = new ProcessBuilder("kubectl", "port-forward", "-n", namespace, "pod/" + pod, ":" + podPort)
                .redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(kubectl.getInputStream(),
                    StandardCharsets.UTF_8));
            Matcher m = Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+)").matcher("");
            String line;
            while ((line = lines.readLine()) != null && !m.reset(line).find()) {
                // wait for the port
            }
            if (line == null) {
                throw new IOException("kubectl port-forward did not start");
            }
            return transfer.run(Integer.parseInt(m.group(1)));
        } finally {
            kubectl.destroy();
            kubectl.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** fabric8's {@code portForward(port, in, out)}: no local listener, blocking channels. */
    private Body fetchWithFabric8(KubernetesClient client) throws Exception {
        Pipe toPod = Pipe.open();
        Pipe fromPod = Pipe.open();
        try (PortForward forward = client.pods().inNamespace(namespace).withName(pod)
                .portForward(8080, toPod.source(), fromPod.sink())) {
            toPod.sink().write(ByteBuffer.wrap(REQUEST));
            return readResponse(java.nio.channels.Channels.newInputStream(fromPod.source()));
        }
    }

    private static Body readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        Matcher m = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head.toString(StandardCharsets.US_ASCII));
        if (!m.find()) {
            throw new IOException("no Content-Length in " + head);
        }
        long length = Long.parseLong(m.group(1));
        MessageDigest sha = sha256();
        byte[] buffer = new byte[128 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("body ended after " + (length - left) + " of " + length + " bytes");
            }
            sha.update(buffer, 0, n);
            left -= n;
        }
        return new Body(length, HexFormat.of().formatHex(sha.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
