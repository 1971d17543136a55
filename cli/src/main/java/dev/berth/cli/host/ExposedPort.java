package dev.berth.cli.host;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One host port of an exposure: listens on {@code address:frontend} and carries each accepted
 * connection through its own port-forward to {@code pod:backend}, opened when the connection
 * arrives (so a replaced pod of the same name is followed).
 */
final class ExposedPort implements AutoCloseable {

    private final ServerSocket server;
    private final String service;
    private final String namespace;
    private final String pod;
    private final int backend;
    private final PodPortForwarder forwarder;
    private final Consumer<String> stderr;
    private final Set<Duplex> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ExposedPort(ServerSocket server, String service, String namespace, String pod, int backend,
            PodPortForwarder forwarder, Consumer<String> stderr) {
        this.server = server;
        this.service = service;
        this.namespace = namespace;
        this.pod = pod;
        this.backend = backend;
        this.forwarder = forwarder;
        this.stderr = stderr;
    }

    /** Binds now (so a port in use fails the request), accepts in the background. */
    static ExposedPort listen(InetAddress address, PortMapping port, String service, String namespace, String pod,
            PodPortForwarder forwarder, Consumer<String> stderr) throws UserFacingException {
        ServerSocket server = null;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(address, port.frontend()), 128);
        } catch (IOException e) {
            closeQuietly(server);
            String where = address.getHostAddress();
            throw new UserFacingException(e instanceof BindException && "Address already in use".equals(e.getMessage())
                    ? "cannot expose service " + service + ": host port " + port.frontend() + " is already in use on "
                            + where
                    : "cannot expose service " + service + ": cannot listen on " + where + ":" + port.frontend() + ": "
                            + Messages.reason(e));
        }
        ExposedPort exposed = new ExposedPort(server, service, namespace, pod, port.backend(), forwarder, stderr);
        Threads.start("berth-expose " + service + ":" + exposed.frontend(), exposed::acceptLoop);
        return exposed;
    }

    int frontend() {
        return server.getLocalPort();
    }

    int backend() {
        return backend;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    stderr.accept("service " + service + ": stopped accepting on port " + frontend() + ": "
                            + Messages.reason(e));
                }
                return;
            }
            Threads.start("berth-connect " + service + ":" + frontend(), () -> carry(client));
        }
    }

    private void carry(Socket client) {
        try {
            client.setTcpNoDelay(true);
        } catch (IOException e) {
            // only latency: carry on
        }
        Duplex local = Duplex.of(client);
        connections.add(local);
        Duplex remote;
        try {
            remote = forwarder.open(namespace, pod, backend);
        } catch (IOException e) {
            connections.remove(local);
            local.close();
            if (!closed) {
                stderr.accept("service " + service + ": closed a connection to port " + frontend() + ": "
                        + e.getMessage());
            }
            return;
        }
        connections.add(remote);
        if (closed) {
            // close() ran while the port-forward opened and may have missed it
            local.close();
            remote.close();
            return;
        }
        Splice.start("berth-conn " + service + ":" + frontend(), local, remote,
                reason -> stderr.accept("service " + service + ": a connection to port " + frontend() + " failed: "
                        + reason),
                () -> {
                    connections.remove(local);
                    connections.remove(remote);
                });
    }

    /** Stops listening and ends every connection it carries. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        for (Duplex connection : connections) {
            connection.close();
        }
        connections.clear();
    }

    private static void closeQuietly(ServerSocket server) {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                // closed anyway
            }
        }
    }
}
