package dev.berth.engine.k8s;

import dev.berth.engine.k8s.session.ExecReports;
import dev.berth.engine.files.FileStore;
import dev.berth.engine.k8s.session.ExecRunner;
import dev.berth.engine.k8s.session.ServiceInstances;
import dev.berth.engine.k8s.session.SessionNamespaces;
import dev.berth.engine.k8s.session.SessionRecords;
import dev.berth.engine.k8s.session.ChangeSignal;
import dev.berth.engine.k8s.session.SessionWatch;
import dev.berth.engine.k8s.session.Waits;
import dev.berth.engine.k8s.crd.ExposureSpec;
import dev.berth.engine.k8s.crd.ForwardSpec;
import dev.berth.engine.k8s.host.Exposure;
import dev.berth.engine.k8s.host.HostAgent;
import dev.berth.engine.model.PortForward;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.ExposedPort;
import dev.berth.engine.model.Service;
import dev.berth.engine.model.ValidationException;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client session: its own namespace, where its services run and its execs are memoized.
 * Thread-safe; {@link #close()} stops everything in it.
 */
public final class Session implements AutoCloseable {

    private final KubernetesClient client;
    private final String id;
    private final EngineConfig config;
    private final Waits waits;
    private final SessionWatch watch;
    private final ExecutorService executor;
    private final ServiceInstances services;
    private final ExecRunner execs;
    private final FileStore files;
    private final java.util.concurrent.atomic.AtomicLong exposures = new java.util.concurrent.atomic.AtomicLong();
    /** Results by exec pod name, so concurrent identical chains share one run. */
    private final Map<String, CompletableFuture<ExecResult>> results = new ConcurrentHashMap<>();
    /** The user's machine, once the {@code berth} process has attached its session channel. */
    private volatile HostAgent hostAgent = HostAgent.NONE;

    Session(KubernetesClient client, String id, EngineConfig config) {
        this(client, id, config, null);
    }

    /** @param reports where exec pods post their results, or null (the pod status and log only) */
    Session(KubernetesClient client, String id, EngineConfig config, ExecReports reports) {
        this(client, id, config, reports, ExecRunner.FailedRuns.RUN_AGAIN, FileStore.processDefault());
    }

    /** @param failedRuns whether a failed exec found in the session is run again or reported again */
    Session(KubernetesClient client, String id, EngineConfig config, ExecReports reports,
            ExecRunner.FailedRuns failedRuns, FileStore files) {
        this.client = client;
        this.files = files;
        this.id = id;
        this.config = config;
        ChangeSignal changes = new ChangeSignal();
        this.waits = new Waits(config.pollInterval(), changes);
        this.watch = SessionWatch.start(client, namespace(), changes);
        this.executor = Executors.newCachedThreadPool(daemonThreads("berth-" + id));
        this.services = new ServiceInstances(client, namespace(), config, waits, executor, () -> hostAgent, files);
        this.execs = new ExecRunner(client, namespace(), config, waits, services, failedRuns, reports, files);
    }

    public String id() {
        return id;
    }

    public String namespace() {
        return SessionNamespaces.namespaceFor(id);
    }

    // ---- execs ---------------------------------------------------------------------------

    /**
     * Runs the container's steps (files and execs, in order) in one pod, starting the services it
     * binds first; memoized by the container's digest within the session.
     *
     * @throws ExecException    an exec's exit code did not meet its {@code expect}
     * @throws ServiceException a bound service exited before becoming healthy, or while running
     */
    public ExecResult exec(Container container) {
        String name = ExecRunner.podName(container);
        CompletableFuture<ExecResult> mine = new CompletableFuture<>();
        CompletableFuture<ExecResult> running = results.putIfAbsent(name, mine);
        if (running != null) {
            return join(running);
        }
        try {
            mine.complete(execs.run(container));
        } catch (RuntimeException e) {
            results.remove(name, mine); // failures are not memoized
            mine.completeExceptionally(e);
        }
        return join(mine);
    }

    /** The file store this session's directories and files are held in. */
    public FileStore files() {
        return files;
    }

    /**
     * The file or directory at {@code path} in the container once its steps have run: they run in
     * a pod of their own, which is deleted once the files are read into the file store.
     *
     * @throws ExecException an exec's exit code did not meet its {@code expect}
     */
    public dev.berth.engine.files.Tree capture(Container container, String path, boolean directory) {
        return execs.capture(container, path, directory);
    }

    public String stdout(Container container) {
        return exec(container).stdout();
    }

    public String stderr(Container container) {
        return exec(container).stderr();
    }

    public int exitCode(Container container) {
        return exec(container).exitCode();
    }

    /** Runs the container's execs for their effect; returns it for chaining, like Dagger's sync. */
    public Container sync(Container container) {
        exec(container);
        return container;
    }

    // ---- services ------------------------------------------------------------------------

    /** Starts the service and keeps it running until {@link #stop}, ignoring the grace period. */
    public Service start(Service service) {
        services.awaitReady(service, true);
        return service;
    }

    public void stop(Service service) {
        stop(service, false);
    }

    /** SIGTERM and up to 10 s to exit, or {@code kill}: deleted with no grace period. */
    public void stop(Service service, boolean kill) {
        services.stop(service, kill);
    }

    // ---- the user's machine -----------------------------------------------------------------

    /** Where {@code up}, tunnels and host services go: the {@code berth} process's session channel. */
    public void useHostAgent(HostAgent agent) {
        this.hostAgent = agent == null ? HostAgent.NONE : agent;
    }

    /**
     * Exposes the service on the user's machine ({@code up}, a started tunnel): the service is
     * started and kept running while exposed (the exposure is listed in its ServiceInstance), and
     * the {@code berth} process listens at each frontend. {@link Exposure#close()} ends it.
     *
     * @param forwards as decided by {@link dev.berth.engine.k8s.host.PortForwards}
     */
    public Exposure expose(Service service, List<PortForward> forwards) {
        if (service.isOnHost()) {
            throw new ValidationException("up", "service " + service.hostname() + " is a host service: it is on "
                    + "your machine already");
        }
        String hostname = service.hostname();
        String id = "x" + exposures.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
        ExposureSpec declared = new ExposureSpec(id, "", forwards.stream()
                .map(f -> new ForwardSpec(f.frontend(), f.backend())).toList());
        services.awaitExposed(service, declared);
        Exposure bound;
        try {
            bound = hostAgent.expose(namespace(), hostname, hostname, forwards);
        } catch (RuntimeException e) {
            services.removeExposure(hostname, id);
            throw e;
        }
        // Now the actual host ports are known (a frontend 0 became a free port): record them.
        services.awaitExposed(service, new ExposureSpec(id, bound.address(), bound.ports().stream()
                .map(f -> new ForwardSpec(f.frontend(), f.backend())).toList()));
        return new DeclaredExposure(bound, () -> services.removeExposure(hostname, id));
    }

    /** An exposure that also removes its entry from the instance when closed. */
    private record DeclaredExposure(Exposure bound, Runnable undeclare) implements Exposure {

        @Override
        public String address() {
            return bound.address();
        }

        @Override
        public List<PortForward> ports() {
            return bound.ports();
        }

        @Override
        public java.util.concurrent.CompletionStage<String> lost() {
            return bound.lost();
        }

        @Override
        public void close() {
            try {
                bound.close();
            } finally {
                undeclare.run();
            }
        }
    }

    public String hostname(Service service) {
        return service.hostname();
    }

    public List<ExposedPort> ports(Service service) {
        return service.exposedPorts();
    }

    /** {@code hostname:port} of the first exposed port. */
    public String endpoint(Service service) {
        return endpoint(service, 0, "");
    }

    /**
     * {@code hostname:port}, or {@code scheme://hostname:port} with a scheme; port 0 means the
     * first exposed port.
     */
    public String endpoint(Service service, int port, String scheme) {
        int chosen = port;
        if (chosen == 0) {
            chosen = service.exposedPorts().stream().findFirst().map(ExposedPort::port).orElseThrow(() ->
                    new ValidationException("endpoint.port", "service " + service.hostname() + " exposes no ports"));
        }
        String hostPort = service.hostname() + ":" + chosen;
        return scheme == null || scheme.isEmpty() ? hostPort : scheme + "://" + hostPort;
    }

    /**
     * Ends the session without waiting for its namespace to go: the namespace is marked for
     * deletion (so nothing new can start in it) and Kubernetes removes it in the background.
     * For a client that must not wait (an API session's {@code DELETE}, {@code berth run}).
     */
    public void release() {
        try {
            SessionRecords.close(client, id);
        } finally {
            watch.close();
            executor.shutdownNow();
        }
    }

    /**
     * Lets go of the session without ending it: its watches and threads stop here, and what runs
     * in it carries on, for {@link KubernetesEngine#attachSession} to find again.
     */
    public void detach() {
        watch.close();
        executor.shutdownNow();
    }

    /** Stops every service and deletes the namespace, waiting until it is gone. */
    @Override
    public void close() {
        try {
            SessionRecords.requestDelete(client, id);
            SessionNamespaces.delete(client, id, waits, config.deleteTimeout());
        } finally {
            watch.close();
            executor.shutdownNow();
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
