package dev.berth.cli.host;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The API server and kubelet side of a SPDY port-forward, on plain HTTP of 127.0.0.1, as Go's
 * moby/spdystream and the kubelet's handler behave: the upgrade answers {@link #status} (101 by
 * default); each pair of streams (error, data with one requestid) is one TCP stream to a "port":
 * <ul>
 * <li>7: echo;</li>
 * <li>8: sends {@link #DOWNLOAD} bytes, then ends the data stream;</li>
 * <li>9: nobody listens: as containerd 2.2 does it, the data stream ends, then the reason comes on the
 * error stream, which is reset.</li>
 * </ul>
 * Paths of the requests, reset stream ids and pings are recorded.
 */
final class FakeSpdyServer implements AutoCloseable {

    static final int DOWNLOAD = 10 << 20;

    private final ServerSocket server;
    volatile int status = 101;
    final List<String> paths = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final List<Integer> resets = new CopyOnWriteArrayList<>();
    final List<Socket> connections = new CopyOnWriteArrayList<>();
    final AtomicInteger pings = new AtomicInteger();

    FakeSpdyServer() throws IOException {
        server = new ServerSocket(0, 50, LocalSockets.LOOPBACK);
        Threads.start("fake-spdy", this::accept);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Drops every connection as a network failure would (no GOAWAY). */
    void dropConnections() throws IOException {
        for (Socket socket : connections) {
            socket.close();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropConnections();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                Threads.start("fake-spdy-conn", () -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            Map<String, String> request = readRequest(in);
            paths.add(request.get(":path"));
            authorizations.add(request.getOrDefault("authorization", ""));
            if (status != 101) {
                String body = "{\"kind\":\"Status\",\"message\":\"nope " + status + "\"}";
                out.write(("HTTP/1.1 " + status + " No\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            out.write(("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
                    + "X-Stream-Protocol-Version: portforward.k8s.io\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            new Session(in, out).run();
        } catch (IOException e) {
            // the connection ends
        }
    }

    private static Map<String, String> readRequest(InputStream in) throws IOException {
        Map<String, String> headers = new HashMap<>();
        StringBuilder line = new StringBuilder();
        boolean first = true;
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String text = line.toString().trim();
                line.setLength(0);
                if (text.isEmpty()) {
                    break;
                }
                if (first) {
                    headers.put(":path", text.split(" ")[0] + " " + text.split(" ")[1]);
                    first = false;
                } else {
                    int colon = text.indexOf(':');
                    headers.put(text.substring(0, colon).toLowerCase(), text.substring(colon + 1).trim());
                }
            } else {
                line.append((char) b);
            }
        }
        return headers;
    }

    /** One SPDY connection: a reader loop; the streams' work on threads of their own. */
    private final class Session implements SpdyFrames.Handler {
        private final SpdyFrames.Reader reader;
        private final SpdyFrames.Writer writer;
        private final Map<String, Integer> errorStreams = new ConcurrentHashMap<>();
        private final Map<Integer, Integer> echoes = new ConcurrentHashMap<>();

        Session(InputStream in, OutputStream out) {
            reader = new SpdyFrames.Reader(in);
            writer = new SpdyFrames.Writer(out);
        }

        void run() throws IOException {
            while (reader.next(this)) {
                // frames
            }
        }

        @Override
        public void synStream(int streamId, int flags, Map<String, String> headers) throws IOException {
            writer.synReply(streamId, 0, Map.of());
            String requestId = headers.get("requestid");
            if (headers.get("streamtype").equals("error")) {
                errorStreams.put(requestId, streamId);
                return;
            }
            int errorId = errorStreams.remove(requestId);
            int port = Integer.parseInt(headers.get("port"));
            switch (port) {
                case 7 -> echoes.put(streamId, errorId);
                case 8 -> Threads.start("fake-download", () -> {
                    try {
                        byte[] chunk = new byte[32 * 1024];
                        for (int sent = 0; sent < DOWNLOAD; sent += chunk.length) {
                            for (int i = 0; i < chunk.length; i++) {
                                chunk[i] = (byte) (sent + i);
                            }
                            writer.data(streamId, 0, chunk, 0, chunk.length);
                        }
                        writer.data(errorId, SpdyFrames.FLAG_FIN, new byte[0], 0, 0);
                        writer.data(streamId, SpdyFrames.FLAG_FIN, new byte[0], 0, 0);
                    } catch (IOException e) {
                        // the connection ends
                    }
                });
                default -> {
                    byte[] reason = ("error forwarding port " + port + " to pod x: dial tcp4 127.0.0.1:" + port
                            + ": connect: connection refused").getBytes(StandardCharsets.UTF_8);
                    // containerd 2.2's order: the data stream ends, then the reason, then a reset
                    writer.data(streamId, SpdyFrames.FLAG_FIN, new byte[0], 0, 0);
                    writer.data(errorId, 0, reason, 0, reason.length);
                    writer.send(SpdyFrames.Writer.rstStream(errorId, SpdyFrames.CANCEL));
                }
            }
        }

        @Override
        public void data(int streamId, int flags, byte[] data) throws IOException {
            if (echoes.containsKey(streamId) && data.length > 0) {
                writer.data(streamId, 0, data, 0, data.length);
            }
        }

        @Override
        public void synReply(int streamId, int flags, Map<String, String> headers) {
        }

        @Override
        public void rstStream(int streamId, int status) {
            resets.add(streamId);
            echoes.remove(streamId);
        }

        @Override
        public void ping(int id) throws IOException {
            pings.incrementAndGet();
            writer.send(SpdyFrames.Writer.ping(id));
        }

        @Override
        public void goAway(int lastGoodStreamId, int status) {
        }
    }
}
