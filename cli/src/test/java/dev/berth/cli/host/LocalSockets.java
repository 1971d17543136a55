package dev.berth.cli.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Helpers for tests on real sockets of 127.0.0.1. */
final class LocalSockets {

    static final ObjectMapper JSON = new ObjectMapper();
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private LocalSockets() {
    }

    /**
     * The port-forward seam: "pod:port" is 127.0.0.1:port. The real port-forward is covered on a
     * cluster (PortForwardBench and the end-to-end tests).
     */
    static PodPortForwarder loopbackForwarder(List<String> opened) {
        return (namespace, pod, port) -> {
            opened.add(namespace + "/" + pod + ":" + port);
            return Duplex.of(new Socket(LOOPBACK, port));
        };
    }

    /** Lines printed for the user, in order. */
    static final class Stderr implements java.util.function.Consumer<String> {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void accept(String line) {
            lines.add(line);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A port nothing listens on (bound, then closed). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
            return socket.getLocalPort();
        }
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /** Reads to end of stream, returning the sha256 of what came. */
    static String sha256Of(InputStream in) throws IOException {
        MessageDigest digest = digest();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static void writeAll(OutputStream out, byte[] bytes) throws IOException {
        for (int off = 0; off < bytes.length; off += 256 * 1024) {
            out.write(bytes, off, Math.min(256 * 1024, bytes.length - off));
        }
        out.flush();
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean eventually(BooleanSupplier condition, long millis) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < until) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }
}
