package dev.berth.cli.host;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A port on 127.0.0.1 whose connections go to a ready pod behind a Kubernetes Service, each
 * through its own port-forward, as {@code kubectl port-forward svc/...} does but with the pod
 * chosen per connection: the pod used last while it stays ready (so a client keeps talking to one
 * replica), another ready one once it is gone (an operator pod replaced, a failover).
 */
public final class ServiceForward implements AutoCloseable {

    /** How long a new connection waits for a ready pod (a replacement starting) before it is refused. */
    static final Duration FIND_POD_FOR = Duration.ofSeconds(60);
    private static final long RETRY_MILLIS = 500;

    private final KubernetesClient client;
    private final PodPortForwarder forwarder;
    private final String namespace;
    private final Service service;
    private final ServicePort servicePort;
    private final Consumer<String> say;
    private final ServerSocket server;
    private volatile Target current;

    private ServiceForward(KubernetesClient client, PodPortForwarder forwarder, String namespace, Service service,
            ServicePort servicePort, Consumer<String> say, ServerSocket server) {
        this.client = client;
        this.forwarder = forwarder;
        this.namespace = namespace;
        this.service = service;
        this.servicePort = servicePort;
        this.say = say;
        this.server = server;
    }

    /**
     * Listens on a free port of 127.0.0.1 for {@code namespace/serviceName:port}.
     *
     * @param say where a line for the user goes (a followed pod change)
     * @throws NoSuchServiceException when there is no such Service
     * @throws IOException when it has no such port or selects no pods
     */
    public static ServiceForward start(KubernetesClient client, PodPortForwarder forwarder, String namespace,
            String serviceName, int port, Consumer<String> say) throws IOException {
        Service service = client.services().inNamespace(namespace).withName(serviceName).get();
        if (service == null) {
            throw new NoSuchServiceException("no Service " + namespace + "/" + serviceName);
        }
        ServicePort servicePort = service.getSpec().getPorts().stream().filter(p -> p.getPort() == port).findFirst()
                .orElseThrow(() -> new IOException("Service " + namespace + "/" + serviceName + " has no port " + port));
        if (service.getSpec().getSelector() == null || service.getSpec().getSelector().isEmpty()) {
            throw new IOException("Service " + namespace + "/" + serviceName + " selects no pods");
        }
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        ServiceForward forward = new ServiceForward(client, forwarder, namespace, service, servicePort, say, server);
        Threads.start("berth-service-forward", forward::acceptLoop);
        Threads.start("berth-service-forward-warm", forward::prepare);
        return forward;
    }

    /**
     * Chooses the pod and connects to it before the first connection comes (the caller reads its
     * credentials meanwhile), so that connection does not wait for either. Whatever fails here is
     * tried again, and reported, by that connection.
     */
    private void prepare() {
        try {
            List<Pod> ready = readyPods();
            if (ready.isEmpty()) {
                return;
            }
            Pod pod = ready.get(0);
            Target target = new Target(pod.getMetadata().getName(), targetPort(pod));
            forwarder.prepare(namespace, target.pod());
            synchronized (this) {
                if (current == null) {
                    current = target;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the first connection chooses again
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The Service to forward to does not exist. */
    public static final class NoSuchServiceException extends IOException {

        private static final long serialVersionUID = 1L;

        NoSuchServiceException(String message) {
            super(message);
        }
    }

    /** The pod connections go to now, if one was reached. */
    public Optional<String> currentPod() {
        return Optional.ofNullable(current).map(Target::pod);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket local;
            try {
                local = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            Threads.start("berth-service-forward-open", () -> connect(local));
        }
    }

    private void connect(Socket local) {
        Duplex remote;
        try {
            remote = open();
        } catch (IOException e) {
            say.accept(e.getMessage());
            closeQuietly(local);
            return;
        }
        Splice.start("berth-service-forward", Duplex.of(local), remote, message -> { }, () -> { });
    }

    /** A stream to a ready pod: the current one, else the first of the ready ones that answers. */
    Duplex open() throws IOException {
        long deadline = System.nanoTime() + FIND_POD_FOR.toNanos();
        String last = "no ready pod";
        while (true) {
            Target sticky = current;
            if (sticky != null) {
                try {
                    return forwarder.open(namespace, sticky.pod(), sticky.port());
                } catch (IOException e) {
                    last = e.getMessage();
                    forget(sticky); // gone or going: choose again
                }
            }
            for (Pod pod : readyPods()) {
                String name = pod.getMetadata().getName();
                if (sticky != null && name.equals(sticky.pod())) {
                    continue;
                }
                try {
                    Target target = new Target(name, targetPort(pod));
                    Duplex stream = forwarder.open(namespace, target.pod(), target.port());
                    if (sticky != null) {
                        say.accept("the API moved from pod " + sticky.pod() + " to " + name);
                    }
                    current = target;
                    return stream;
                } catch (IOException e) {
                    last = e.getMessage();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("no pod of Service " + namespace + "/" + service.getMetadata().getName()
                        + " answered within " + FIND_POD_FOR.toSeconds() + " s (" + last + ")");
            }
            try {
                Thread.sleep(RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    private synchronized void forget(Target failed) {
        if (failed.equals(current)) {
            current = null;
        }
    }

    /** A pod and the container port the Service's port targets in it. */
    private record Target(String pod, int port) {
    }

    /** Running, ready and not being deleted; the oldest first (the one most likely to stay). */
    private List<Pod> readyPods() {
        Map<String, String> selector = service.getSpec().getSelector();
        try {
            return client.pods().inNamespace(namespace).withLabels(selector).list().getItems().stream()
                    .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                    .filter(p -> p.getStatus() != null && p.getStatus().getConditions() != null
                            && p.getStatus().getConditions().stream()
                                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                    .sorted(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp()))
                    .toList();
        } catch (RuntimeException e) {
            return List.of(); // the API server is unreachable for a moment: try again
        }
    }

    /** The Service port's target: a number, or a container port's name looked up in the pod. */
    private int targetPort(Pod pod) throws IOException {
        IntOrString target = servicePort.getTargetPort();
        if (target == null) {
            return servicePort.getPort();
        }
        if (target.getIntVal() != null) {
            return target.getIntVal();
        }
        String name = pod.getMetadata().getName();
        return pod.getSpec().getContainers().stream()
                .flatMap(c -> c.getPorts() == null ? java.util.stream.Stream.<ContainerPort>empty() : c.getPorts().stream())
                .filter(p -> Objects.equals(p.getName(), target.getStrVal()))
                .map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new IOException("pod " + namespace + "/" + name + " has no port named "
                        + target.getStrVal()));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
