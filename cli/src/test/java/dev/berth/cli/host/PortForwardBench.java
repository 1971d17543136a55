package dev.berth.cli.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.PortForward;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput of port-forwards on a real cluster, run by hand (README of cli/):
 * {@code -Dberth.bench=NAMESPACE/POD} with a pod serving {@code /blob} (100 MiB) on 8080 through
 * {@code python3 -m http.server}. Fetches it through {@link WebSocketPortForwarder}, fabric8's
 * port-forward (the channel variant) and {@code kubectl port-forward}, alternating, and prints MB/s.
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
            String expected = null;
            for (int run = 1; run <= RUNS; run++) {
                Result berth = timed(() -> fetch(ours.open(namespace, pod, 8080)));
                Result fabric8 = timed(() -> fetchWithFabric8(client));
                Result kubectl = timed(this::fetchWithKubectl);
                System.out.printf(Locale.ROOT, "run %d: berth %.0f MB/s, fabric8 %.0f MB/s, kubectl %.0f MB/s%n", run,
                        berth.mbPerSecond(), fabric8.mbPerSecond(), kubectl.mbPerSecond());
                expected = expected == null ? kubectl.sha256 : expected;
                assertEquals(expected, berth.sha256, "berth's bytes");
                assertEquals(expected, fabric8.sha256, "fabric8's bytes");
                assertEquals(expected, kubectl.sha256, "kubectl's bytes");
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

    private Body fetchWithKubectl() throws IOException, InterruptedException {
        Process kubectl = new ProcessBuilder("kubectl", "port-forward", "-n", namespace, "pod/" + pod, ":8080")
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
            return fetch(Duplex.of(new Socket("127.0.0.1", Integer.parseInt(m.group(1)))));
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
