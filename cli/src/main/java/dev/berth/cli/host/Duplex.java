package dev.berth.cli.host;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** One end of a two-way byte stream: a local socket, or a stream to a pod through a port-forward. */
public interface Duplex extends Closeable {

    InputStream input() throws IOException;

    OutputStream output() throws IOException;

    /** Says "no more bytes from us" while still reading, where the transport can carry it. */
    void shutdownOutput() throws IOException;

    @Override
    void close();

    static Duplex of(Socket socket) {
        return new Duplex() {
            @Override
            public InputStream input() throws IOException {
                return socket.getInputStream();
            }

            @Override
            public OutputStream output() throws IOException {
                return socket.getOutputStream();
            }

            @Override
            public void shutdownOutput() throws IOException {
                if (!socket.isClosed() && !socket.isOutputShutdown()) {
                    socket.shutdownOutput();
                }
            }

            @Override
            public void close() {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closed anyway
                }
            }

            @Override
            public String toString() {
                return String.valueOf(socket.getRemoteSocketAddress());
            }
        };
    }
}
