package dev.berth.engine.k8s.session;

import dev.berth.engine.k8s.EngineConfig;
import dev.berth.engine.k8s.EngineException;
import dev.berth.engine.k8s.ServiceException;
import dev.berth.engine.k8s.crd.Conditions;
import dev.berth.engine.k8s.crd.InstancePhase;
import dev.berth.engine.k8s.crd.ServiceInstance;
import dev.berth.engine.k8s.crd.ServiceInstanceSpec;
import dev.berth.engine.k8s.crd.ExposureSpec;
import dev.berth.engine.k8s.crd.RelaySpec;
import dev.berth.engine.k8s.host.HostAgent;
import dev.berth.engine.k8s.host.HostAgentException;
import dev.berth.engine.k8s.host.HostServiceAttachment;
import dev.berth.engine.k8s.reconciler.PodStates;
import dev.berth.engine.k8s.render.InstanceSpecs;
import dev.berth.engine.k8s.render.Labels;
import dev.berth.engine.k8s.render.PodRenderer;
import dev.berth.engine.k8s.runner.RunnerLog;
import dev.berth.engine.model.Service;
import dev.berth.engine.model.ServiceBinding;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.function.Supplier;
import java.io.ByteArrayOutputStream;
import java.net.HttpURLConnection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's side of service instances in one session namespace: create (bound services
 * first), pin, wait for Ready, stop. The reconciler does the rest; every decision here is
 * re-checked against the API server, because the reconciler may collect an idle instance at any
 * moment (the waits then simply create it again).
 */
public final class ServiceInstances {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceInstances.class);

    private final KubernetesClient client;
    private final String namespace;
    private final EngineConfig config;
    private final Waits waits;
    private final ExecutorService executor;
    private final Supplier<HostAgent> hostAgent;
    private final PodFiles files;

    public ServiceInstances(KubernetesClient client, String namespace, EngineConfig config, Waits waits,
            ExecutorService executor, Supplier<HostAgent> hostAgent, dev.berth.engine.files.FileStore files) {
        this.files = new PodFiles(client, namespace, files, config.execTimeout());
        this.client = client;
        this.namespace = namespace;
        this.config = config;
        this.waits = waits;
        this.executor = executor;
        this.hostAgent = hostAgent;
    }

    /** Waits until the service is Ready (creating or pinning it as needed) and returns its instance. */
    public ServiceInstance awaitReady(Service service, boolean pin) {
        String hostname = service.hostname();
        ensure(service, pin);
        return waits.until(config.serviceStartTimeout(), "service " + hostname + " to become Ready", () -> {
            ServiceInstance instance = get(hostname).orElse(null);
            if (instance == null || isDeleting(instance)) {
                ensure(service, pin); // collected meanwhile: start it again
                return Optional.empty();
            }
            InstancePhase phase = phase(instance);
            if (phase.isFinal()) {
                throw failure(instance, notStarted(phase));
            }
            return phase == InstancePhase.READY && address(instance).isPresent() ? Optional.of(instance)
                    : Optional.empty();
        }, () -> describe(hostname));
    }

    /**
     * Makes sure the instance exists and returns the address clients should use (see
     * {@link #address}) as soon as its pod has one; it may not be Ready yet.
     */
    public String awaitAddress(Service service) {
        String hostname = service.hostname();
        ensure(service, false);
        return waits.until(config.serviceStartTimeout(), "an address for service " + hostname, () -> {
            ServiceInstance instance = get(hostname).orElse(null);
            if (instance == null || isDeleting(instance)) {
                ensure(service, false);
                return Optional.empty();
            }
            if (phase(instance).isFinal()) {
                throw failure(instance, notStarted(phase(instance)));
            }
            return address(instance);
        }, () -> describe(hostname));
    }

    /** Creates every bound service's instance at once and returns their addresses (not yet Ready). */
    public Map<String, String> addressesOf(List<ServiceBinding> bindings) {
        Map<String, CompletableFuture<String>> pending = new LinkedHashMap<>();
        for (ServiceBinding binding : bindings) {
            Service service = binding.service();
            pending.computeIfAbsent(service.hostname(),
                    h -> CompletableFuture.supplyAsync(() -> awaitAddress(service), executor));
        }
        Map<String, String> addresses = new LinkedHashMap<>();
        pending.forEach((hostname, future) -> addresses.put(hostname, join(future)));
        return addresses;
    }

    /** Starts every bound service at once, waits until all are Ready, returns their addresses. */
    public Map<String, String> startAll(List<ServiceBinding> bindings) {
        Map<String, CompletableFuture<ServiceInstance>> started = new LinkedHashMap<>();
        for (ServiceBinding binding : bindings) {
            Service service = binding.service();
            started.computeIfAbsent(service.hostname(),
                    h -> CompletableFuture.supplyAsync(() -> awaitReady(service, false), executor));
        }
        Map<String, String> addresses = new LinkedHashMap<>();
        started.forEach((hostname, future) -> addresses.put(hostname, address(join(future)).orElseThrow()));
        return addresses;
    }

    /**
     * Lists the exposure in the service's instance (creating the instance if needed), which keeps
     * it running until {@link #removeExposure}; then waits until it is Ready.
     */
    public ServiceInstance awaitExposed(Service service, ExposureSpec exposure) {
        String hostname = service.hostname();
        while (true) {
            ensure(service, false);
            Optional<ServiceInstance> instance = get(hostname);
            if (instance.isEmpty() || isDeleting(instance.get())) {
                continue; // collected meanwhile: ensure creates it again
            }
            if (editExposures(hostname, list -> {
                list.removeIf(e -> e.getId().equals(exposure.getId()));
                list.add(exposure);
            })) {
                return awaitReady(service, false);
            }
        }
    }

    /** Drops the exposure; the instance is then collected after the grace period if nothing else uses it. */
    public void removeExposure(String hostname, String exposureId) {
        editExposures(hostname, list -> list.removeIf(e -> e.getId().equals(exposureId)));
    }

    /**
     * Read-modify-write of {@code spec.exposures}, guarded by the resourceVersion (several
     * exposures of one service may change at once); false if the instance is gone.
     */
    private boolean editExposures(String hostname, java.util.function.Consumer<List<ExposureSpec>> edit) {
        for (int attempt = 0; attempt < 20; attempt++) {
            ServiceInstance instance = get(hostname).orElse(null);
            if (instance == null) {
                return false;
            }
            List<ExposureSpec> exposures = new java.util.ArrayList<>(instance.getSpec().getExposures());
            edit.accept(exposures);
            Map<String, Object> patch = Map.of(
                    "metadata", Map.of("resourceVersion", instance.getMetadata().getResourceVersion()),
                    "spec", Map.of("exposures", exposures));
            try {
                client.resources(ServiceInstance.class).inNamespace(namespace).withName(hostname)
                        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                    return false;
                }
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
            }
        }
        throw new EngineException("could not update the exposures of service " + hostname
                + ": it kept changing (20 conflicting updates)");
    }

    /** Stops the service: SIGTERM and up to 10 s, or at once with {@code kill}; waits until it is gone. */
    public void stop(Service service, boolean kill) {
        String hostname = service.hostname();
        Optional<ServiceInstance> instance = get(hostname);
        if (instance.isEmpty()) {
            return;
        }
        if (service.isOnHost()) {
            hostAgent.get().release(namespace, hostname);
        }
        if (kill) {
            // Before any deletion: deleting the instance or the pod makes the kubelet send SIGTERM.
            killProcesses(hostname);
        }
        // The instance first, so the reconciler does not create the pod again.
        client.resource(instance.get()).delete();
        client.pods().inNamespace(namespace).withName(hostname)
                .withGracePeriod(kill ? 0 : PodRenderer.TERMINATION_GRACE_SECONDS).delete();
        waits.until(config.deleteTimeout(), "service " + hostname + " to stop", () ->
                client.pods().inNamespace(namespace).withName(hostname).get() == null && get(hostname).isEmpty()
                        ? Optional.of(true) : Optional.empty(), () -> describe(hostname));
    }

    /**
     * SIGKILLs every process of the service's pod at once (see {@code berth-runner kill}); a pod
     * that is not running has nothing to kill, and the deletion that follows removes it anyway.
     */
    private void killProcesses(String hostname) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (ExecWatch watch = client.pods().inNamespace(namespace).withName(hostname)
                .inContainer(PodRenderer.MAIN_CONTAINER).writingOutput(output).writingError(output)
                .exec(PodRenderer.RUNNER_BIN, "kill")) {
            Integer code = watch.exitCode().get(config.deleteTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (code != null && code != 0) {
                LOG.warn("Killing service {}/{} exited {}: {}", namespace, hostname, code, output);
            }
        } catch (KubernetesClientException | ExecutionException | TimeoutException e) {
            LOG.warn("Could not kill service {}/{} in place, deleting it: {}", namespace, hostname, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while killing service " + hostname, e);
        }
    }

    public Optional<ServiceInstance> get(String hostname) {
        return Optional.ofNullable(client.resources(ServiceInstance.class).inNamespace(namespace)
                .withName(hostname).get());
    }

    /**
     * The pod IP: what clients' hostAliases point at. Not the cluster IP, although the Service
     * exists: readiness proves the pod listens, not that kube-proxy has programmed the Service
     * yet, and a client whose first SYN to a cluster IP precedes the DNAT rule keeps an
     * un-NATed conntrack entry and hangs for minutes (seen on the e2e cluster while kube-proxy
     * restarted). An instance's pod never restarts (restartPolicy Never), so its IP is as
     * stable as the cluster IP.
     */
    public static Optional<String> address(ServiceInstance instance) {
        return instance.getStatus() == null ? Optional.empty() : Optional.ofNullable(instance.getStatus().getPodIP());
    }

    public static InstancePhase phase(ServiceInstance instance) {
        return instance.getStatus() == null ? InstancePhase.STARTING
                : InstancePhase.fromReason(instance.getStatus().getPhase());
    }

    /** The service's log so far, runner events decoded (stdout and stderr interleaved). */
    public String output(String hostname) {
        try {
            String log = client.pods().inNamespace(namespace).withName(hostname)
                    .inContainer(PodRenderer.MAIN_CONTAINER).getLog();
            return RunnerLog.parse(log).readable();
        } catch (KubernetesClientException e) {
            return "";
        }
    }

    /** A pod that could not run (an image that cannot be pulled, say) never exited. */
    private static String notStarted(InstancePhase phase) {
        return phase == InstancePhase.FAILED ? "could not start" : "exited before becoming healthy";
    }

    public ServiceException failure(ServiceInstance instance, String what) {
        String hostname = instance.getMetadata().getName();
        Integer exitCode = instance.getStatus().getExitCode();
        var condition = Conditions.find(instance.getStatus().getConditions(), Conditions.READY);
        String detail = exitCode != null ? "exit code: " + exitCode
                : condition == null ? "" : condition.getMessage();
        return new ServiceException("service \"" + hostname + "\" " + what + ": " + detail, hostname, exitCode,
                output(hostname));
    }

    /** Creates the instance if absent (its bound services Ready first), pins it if asked. */
    private void ensure(Service service, boolean pin) {
        String hostname = service.hostname();
        while (true) {
            ServiceInstance existing = get(hostname).orElse(null);
            if (existing != null && isDeleting(existing)) {
                waits.until(config.deleteTimeout(), "collected instance " + hostname + " to be gone",
                        () -> get(hostname).isEmpty() ? Optional.of(true) : Optional.empty(), () -> describe(hostname));
                continue;
            }
            if (existing != null) {
                if (pin && !existing.getSpec().isPinned()) {
                    client.resources(ServiceInstance.class).inNamespace(namespace).withName(hostname)
                            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"pinned\":true}}");
                }
                return;
            }
            Map<String, String> addresses = startAll(service.serviceBindings());
            ServiceInstance created;
            try {
                created = client.resource(newInstance(service, addresses, pin)).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
                // Created concurrently by another client of this session: use that one.
                continue;
            }
            if (service.isOnHost()) {
                attachHostService(service, created);
            }
            if (!service.isOnHost() && !service.container().copies().isEmpty()) {
                executor.submit(() -> deliverFiles(service));
            }
            return;
        }
    }

    /**
     * The service's runner waits for the files its copy steps place: whoever created the instance
     * streams them once the pod runs. A failure ends the pod, so the service fails with the reason.
     */
    private void deliverFiles(Service service) {
        String hostname = service.hostname();
        try {
            boolean running = waits.until(config.serviceStartTimeout(), "service " + hostname + " to start", () -> {
                var pod = client.pods().inNamespace(namespace).withName(hostname).get();
                if (pod == null) {
                    // Its reconciler makes the pod; an instance gone meanwhile needs no files.
                    return get(hostname).filter(i -> !isDeleting(i)).isPresent() ? Optional.empty() : Optional.of(false);
                }
                if (dev.berth.engine.k8s.reconciler.PodStates.finished(pod)) {
                    return Optional.of(false);
                }
                return dev.berth.engine.k8s.reconciler.PodStates.running(pod, PodRenderer.MAIN_CONTAINER)
                        ? Optional.of(true) : Optional.empty();
            }, () -> describe(hostname));
            if (running) {
                files.deliver(hostname, service.container());
            }
        } catch (RuntimeException e) {
            LOG.warn("Service {}/{}: its files could not be delivered, stopping it: {}", namespace, hostname,
                    e.getMessage());
            client.pods().inNamespace(namespace).withName(hostname).withGracePeriod(0).delete();
        }
    }

    /**
     * The relay is useless until the {@code berth} process attaches its tunnels: ask it to (it
     * first checks that the targets accept connections). If it cannot, the relay goes again, so
     * the next binding asks anew.
     */
    private void attachHostService(Service service, ServiceInstance relay) {
        RelaySpec spec = relay.getSpec().getRelay();
        try {
            hostAgent.get().attachHostService(new HostServiceAttachment(namespace, service.hostname(),
                    service.hostname(), spec.getControlPort(), spec.getKey(), spec.getHost(),
                    service.hostTarget().orElseThrow().ports()));
        } catch (RuntimeException e) {
            client.resource(relay).delete();
            if (e instanceof HostAgentException agent) {
                throw new ServiceException("host service \"" + service.hostname() + "\" could not start: "
                        + agent.getMessage(), service.hostname(), null, "");
            }
            throw e;
        }
    }

    private ServiceInstance newInstance(Service service, Map<String, String> addresses, boolean pin) {
        ServiceInstanceSpec spec = service.isOnHost()
                ? InstanceSpecs.forHostService(service.hostTarget().orElseThrow(), config, RelayKeys.newKey())
                : InstanceSpecs.forService(service, config, addresses);
        spec.setPinned(pin);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_BERTH);
        // An instance keeps the services it binds alive for as long as it exists.
        spec.getBindings().forEach(b -> labels.put(Labels.uses(b.getHostname()), "true"));
        ServiceInstance instance = new ServiceInstance();
        instance.setMetadata(new ObjectMetaBuilder().withName(service.hostname()).withNamespace(namespace)
                .withLabels(labels).build());
        instance.setSpec(spec);
        return instance;
    }

    private static boolean isDeleting(ServiceInstance instance) {
        return instance.getMetadata().getDeletionTimestamp() != null;
    }

    private String describe(String hostname) {
        StringBuilder out = new StringBuilder();
        get(hostname).ifPresent(i -> {
            var condition = i.getStatus() == null ? null : Conditions.find(i.getStatus().getConditions(), Conditions.READY);
            out.append("instance ").append(hostname).append(": ")
                    .append(condition == null ? "no status yet (is the ServiceInstance reconciler running?)"
                            : condition.getReason() + ": " + condition.getMessage());
        });
        Pod pod = client.pods().inNamespace(namespace).withName(hostname).get();
        out.append("\npod ").append(hostname).append(": ").append(PodStates.summary(pod));
        return out.toString();
    }

    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
