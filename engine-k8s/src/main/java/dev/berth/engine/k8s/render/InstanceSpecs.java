package dev.berth.engine.k8s.render;

import dev.berth.engine.k8s.EngineConfig;
import dev.berth.engine.k8s.crd.BindingSpec;
import dev.berth.engine.k8s.crd.ForwardSpec;
import dev.berth.engine.k8s.crd.RelaySpec;
import dev.berth.engine.k8s.crd.PortSpec;
import dev.berth.engine.k8s.crd.RunnerSpec;
import dev.berth.engine.k8s.crd.SecretEnvSpec;
import dev.berth.engine.k8s.crd.SecretMountSpec;
import dev.berth.engine.k8s.crd.ServiceInstanceSpec;
import dev.berth.engine.k8s.runner.RunnerPlan;
import dev.berth.engine.k8s.runner.RunnerPlans;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.HostTarget;
import dev.berth.engine.model.NetworkProtocol;
import dev.berth.engine.model.ServiceBinding;
import dev.berth.engine.model.ServiceCommand;
import dev.berth.engine.model.ValidationException;
import io.fabric8.kubernetes.api.model.HostAlias;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Translates model values into the container description pods are rendered from: a service into
 * a {@code ServiceInstance} spec, a container's exec chain into an exec pod's spec.
 */
public final class InstanceSpecs {

    private InstanceSpecs() {
    }

    /**
     * @param addresses the address (pod IP) of every service the container binds, by hostname
     */
    public static ServiceInstanceSpec forService(dev.berth.engine.model.Service service, EngineConfig config,
            Map<String, String> addresses) {
        if (service.isOnHost()) {
            throw new IllegalArgumentException("host service " + service.hostname() + ": use forHostService");
        }
        Container container = service.container();
        ServiceInstanceSpec spec = common(container, config, addresses);
        if (RunnerPlans.runsThroughRunner(service)) {
            RunnerPlan plan = RunnerPlans.forService(service);
            plan.setAwait(awaitedPorts(container.serviceBindings(), addresses));
            spec.setRunner(new RunnerSpec(config.runnerImage(), plan, config.runnerDelivery()));
            spec.setSecretEnv(carriedSecrets(container));
        } else {
            applyCommand(service.command(), spec);
            // Kubernetes starts the command itself: the variables are the user's, straight from the Secrets.
            spec.setSecretEnv(container.secretVariables().entrySet().stream()
                    .map(e -> new SecretEnvSpec(e.getKey(), e.getValue().kubeName())).toList());
            // Installed all the same: stop(kill) runs it in the pod to SIGKILL the service.
            spec.setRunner(new RunnerSpec(config.runnerImage(), null, config.runnerDelivery()));
        }
        spec.setPorts(container.exposedPorts().stream().map(p -> new PortSpec(p.port(), p.protocol().name(),
                p.description(), p.experimentalSkipHealthcheck())).toList());
        if (PodRenderer.healthChecked(spec).size() > 1) {
            spec.setProbeImage(config.probeImage());
        }
        return spec;
    }

    /**
     * A host service's relay: the runner image in {@code relay} mode, one Service port per
     * frontend, and a fresh key for the {@code berth} process's tunnels.
     */
    public static ServiceInstanceSpec forHostService(HostTarget target, EngineConfig config, String key) {
        ServiceInstanceSpec spec = new ServiceInstanceSpec();
        spec.setImage(config.runnerImage());
        List<ForwardSpec> forwards = forwards(target);
        RelaySpec relay = new RelaySpec();
        relay.setHost(target.host());
        relay.setPorts(forwards);
        relay.setControlPort(RelayPods.controlPort(forwards));
        relay.setKey(key);
        spec.setRelay(relay);
        spec.setPorts(forwards.stream().map(f -> new PortSpec(f.getFrontend(), "TCP", "", true)).toList());
        return spec;
    }

    /** The spec of a pod that runs every step of {@code container} (files and execs, in order). */
    public static ServiceInstanceSpec forExecs(Container container, EngineConfig config, Map<String, String> addresses) {
        ServiceInstanceSpec spec = common(container, config, addresses);
        RunnerPlan plan = RunnerPlans.forSteps(container);
        plan.setAwait(awaitedPorts(container.serviceBindings(), addresses));
        spec.setRunner(new RunnerSpec(config.runnerImage(), plan, config.runnerDelivery()));
        spec.setSecretEnv(carriedSecrets(container));
        return spec;
    }

    /** The BERTH_SECRET_n variables of a runner pod, each from its session Secret. */
    static List<SecretEnvSpec> carriedSecrets(Container container) {
        return RunnerPlans.secretCarriers(container).entrySet().stream()
                .map(e -> new SecretEnvSpec(e.getValue(), e.getKey())).toList();
    }

    /**
     * {@code ip:port} of the health-checked ports of every bound service; for a host service, its
     * relay's control port (a test connection to a frontend would reach the user's machine).
     */
    static List<String> awaitedPorts(List<ServiceBinding> bindings, Map<String, String> addresses) {
        TreeSet<String> out = new TreeSet<>();
        for (ServiceBinding binding : bindings) {
            dev.berth.engine.model.Service service = binding.service();
            String ip = addresses.get(service.hostname());
            if (ip == null) {
                continue;
            }
            String host = ip.contains(":") ? "[" + ip + "]" : ip;
            if (service.isOnHost()) {
                out.add(host + ":" + RelayPods.controlPort(forwards(service.hostTarget().orElseThrow())));
                continue;
            }
            service.container().exposedPorts().stream()
                    .filter(p -> p.protocol() == NetworkProtocol.TCP && !p.experimentalSkipHealthcheck())
                    .forEach(p -> out.add(host + ":" + p.port()));
        }
        return new ArrayList<>(out);
    }

    private static List<ForwardSpec> forwards(HostTarget target) {
        return target.ports().stream().map(p -> new ForwardSpec(p.frontend(), p.backend())).toList();
    }

    /**
     * /etc/hosts entries: each alias and each bound service's own hostname point at the service's
     * address, as Dagger writes them; aliases of one service share a line.
     */
    public static List<HostAlias> hostAliases(List<ServiceBinding> bindings, Map<String, String> addresses) {
        Map<String, TreeSet<String>> namesByIp = new TreeMap<>();
        for (ServiceBinding binding : bindings) {
            String hostname = binding.service().hostname();
            String ip = addresses.get(hostname);
            if (ip == null) {
                throw new IllegalStateException("no address known for bound service " + hostname);
            }
            TreeSet<String> names = namesByIp.computeIfAbsent(ip, k -> new TreeSet<>());
            names.add(binding.alias());
            names.add(hostname);
        }
        List<HostAlias> out = new ArrayList<>();
        namesByIp.forEach((ip, names) -> out.add(new HostAlias(new ArrayList<>(names), ip)));
        return out;
    }

    private static ServiceInstanceSpec common(Container container, EngineConfig config, Map<String, String> addresses) {
        ServiceInstanceSpec spec = new ServiceInstanceSpec();
        spec.setImage(container.image());
        spec.setEnv(container.envVariables());
        spec.setWorkdir(container.workdir().orElse(null));
        spec.setCacheMounts(container.mountedCaches().stream()
                .map(m -> CacheVolumes.toSpec(m, config.cacheBaseDir())).toList());
        spec.setSecretMounts(container.mountedSecrets().stream()
                .map(m -> new SecretMountSpec(m.path(), m.secret().kubeName(), m.mode())).toList());
        spec.setBindings(container.serviceBindings().stream()
                .map(b -> new BindingSpec(b.alias(), b.service().hostname())).toList());
        spec.setHostAliases(hostAliases(container.serviceBindings(), addresses));
        return spec;
    }

    /**
     * Without a runner Kubernetes itself starts the command: {@code command} replaces the image's
     * ENTRYPOINT, {@code args} its CMD, and an unset part keeps the image's. Kubernetes cannot say
     * "no entrypoint, but the image's CMD", nor "this entrypoint with the image's CMD" (a command
     * without args drops the CMD), so those are rejected.
     */
    static void applyCommand(ServiceCommand command, ServiceInstanceSpec spec) {
        Optional<List<String>> entrypoint = command.entrypoint();
        Optional<List<String>> args = command.args();
        if (entrypoint.isPresent() && args.isEmpty()) {
            throw new ValidationException("asService.args", "an explicit entrypoint with the image's own default"
                    + " args cannot be expressed in Kubernetes (the image config is unknown to Berth); set"
                    + " withDefaultArgs or pass asService(args)");
        }
        if (entrypoint.isPresent() && entrypoint.get().isEmpty()) {
            // Normalised by ServiceCommand: an empty entrypoint with args moved the args into it.
            throw new ValidationException("asService.args", "service has no command");
        }
        spec.setCommand(entrypoint.orElse(null));
        spec.setArgs(args.orElse(null));
    }
}
