package dev.berth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Relays TCP connections from a free port on 127.0.0.1 to {@code host:port}. */
final class LoopbackRelay implements AutoCloseable {

    private final ServerSocket server;
    private final String host;
    private final int targetPort;

    private LoopbackRelay(ServerSocket server, String host, int targetPort) {
        this.server = server;
        this.host = host;
        this.targetPort = targetPort;
    }

    static LoopbackRelay start(String host, int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        LoopbackRelay relay = new LoopbackRelay(server, host, port);
        Thread accept = new Thread(relay::acceptLoop, "berth-relay-accept");
        accept.setDaemon(true);
        accept.start();
        return relay;
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(host, targetPort);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                // closed, or one connection failed: the client sees its socket close
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // connection ended
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "berth-relay-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
