package dev.berth.cli.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The relay's control port, as docs/host-networking.md has it: a connection whose first line is
 * {@code BERTH-RELAY 1 <key>} becomes a standby; {@link #take} uses one for a container
 * connection by writing the frontend port (2 bytes, big-endian).
 */
final class FakeRelay implements AutoCloseable {

    private final ServerSocket server;
    private final String key;
    private final BlockingQueue<Socket> standbys = new LinkedBlockingQueue<>();
    final List<String> firstLines = new CopyOnWriteArrayList<>();
    final List<Socket> all = new CopyOnWriteArrayList<>();

    FakeRelay(String key) throws IOException {
        this.key = key;
        this.server = new ServerSocket(0, 50, LocalSockets.LOOPBACK);
        Threads.start("fake-relay", this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    int idle() {
        return standbys.size();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                all.add(socket);
                String line = readLine(socket.getInputStream());
                firstLines.add(line);
                if (line.equals("BERTH-RELAY 1 " + key)) {
                    standbys.add(socket);
                } else {
                    socket.close();
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    /** A container's connection to {@code frontend}, carried by one standby. */
    Socket take(int frontend) throws InterruptedException, IOException {
        Socket standby = standbys.poll(10, TimeUnit.SECONDS);
        if (standby == null) {
            throw new IOException("no standby tunnel within 10 s");
        }
        OutputStream out = standby.getOutputStream();
        out.write(new byte[] {(byte) (frontend >> 8), (byte) frontend});
        out.flush();
        return standby;
    }

    /** Ends every tunnel, as a relay pod that goes away does. */
    void dropAll() throws IOException {
        for (Socket socket : all) {
            socket.close();
        }
        standbys.clear();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropAll();
    }
}
