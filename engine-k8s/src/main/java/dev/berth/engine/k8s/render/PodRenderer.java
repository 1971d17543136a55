package dev.berth.engine.k8s.render;

import dev.berth.engine.k8s.crd.CacheMountSpec;
import dev.berth.engine.k8s.crd.PortSpec;
import dev.berth.engine.k8s.crd.RunnerDelivery;
import dev.berth.engine.k8s.crd.SecretMountSpec;
import dev.berth.engine.k8s.crd.ServiceInstanceSpec;
import dev.berth.engine.k8s.runner.RunnerPlan;
import dev.berth.engine.k8s.runner.RunnerPlans;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the pods Berth runs: a service pod per {@code ServiceInstance} and an exec pod per
 * container whose execs are run. Both take the same container description
 * ({@link ServiceInstanceSpec}); what differs is probes and ports (services) and the scheduling
 * gate (execs waiting for their services).
 */
public final class PodRenderer {

    public static final String MAIN_CONTAINER = "main";
    public static final String RUNNER_INIT_CONTAINER = "install-runner";
    /** Removed by the engine once every bound service is Ready. */
    public static final String SERVICES_READY_GATE = "berth.dev/services-ready";
    public static final String PLAN_ENV = "BERTH_PLAN";
    public static final String REPORT_ENV = "BERTH_REPORT";
    public static final String PULL_POLICY = "IfNotPresent";
    /** SIGTERM, then SIGKILL after this long: Dagger's stop waits 10 s too. */
    public static final long TERMINATION_GRACE_SECONDS = 10;

    static final String RUNNER_DIR = "/.berth";
    /** Where the runner image keeps it, so an image volume and a copy put it at the same path. */
    public static final String RUNNER_BIN = RUNNER_DIR + "/berth-runner";
    static final String RUNNER_VOLUME = "berth-runner";
    static final String FILES_VOLUME = "berth-files";

    private PodRenderer() {
    }

    /** The pod of a service instance, named by its hostname; JOSDK adds the owner reference. */
    public static Pod servicePod(String namespace, String hostname, ServiceInstanceSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_BERTH);
        labels.put(Labels.ROLE, Labels.ROLE_SERVICE);
        labels.put(Labels.INSTANCE, hostname);
        labels.putAll(clientLabels(spec));
        if (spec.getRelay() != null) {
            return RelayPods.render(namespace, hostname, labels, spec);
        }

        List<PortSpec> probed = healthChecked(spec);
        ContainerBuilder main = mainContainer(spec).withPorts(containerPorts(spec.getPorts()));
        if (!probed.isEmpty()) {
            main.withReadinessProbe(tcpProbe(probed.get(0).getPort()));
        }
        PodSpec podSpec = basePodSpec(spec, main.build());
        // The sandbox is PID 1, not the service: so `berth-runner kill` run in the pod can SIGKILL
        // the service (init ignores SIGKILL from its own namespace), and a service without a
        // SIGTERM handler still stops on SIGTERM, as under Dagger's init.
        podSpec.setShareProcessNamespace(true);
        // One readiness probe per container: each further port gets an idle sidecar that probes it
        // (same network namespace), and the pod is Ready only when all of them are.
        for (PortSpec port : probed.subList(Math.min(1, probed.size()), probed.size())) {
            podSpec.getInitContainers().add(new ContainerBuilder()
                    .withName("probe-" + port.getPort())
                    .withImage(spec.getProbeImage())
                    .withImagePullPolicy(PULL_POLICY)
                    .withRestartPolicy("Always")
                    .withReadinessProbe(tcpProbe(port.getPort()))
                    .build());
        }
        return new PodBuilder()
                .withNewMetadata().withName(hostname).withNamespace(namespace).withLabels(labels).endMetadata()
                .withSpec(podSpec)
                .build();
    }

    /**
     * A pod that runs {@code spec}'s runner plan once. With bindings it starts gated, so that it
     * already counts as a user of its services while they start, and runs once the gate is lifted.
     */
    public static Pod execPod(String namespace, String name, ServiceInstanceSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_BERTH);
        labels.put(Labels.ROLE, Labels.ROLE_EXEC);
        labels.putAll(clientLabels(spec));
        PodSpec podSpec = basePodSpec(spec, mainContainer(spec).build());
        if (!spec.getBindings().isEmpty()) {
            podSpec.setSchedulingGates(new ArrayList<>(List.of(new PodSchedulingGate(SERVICES_READY_GATE))));
        }
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
                .withSpec(podSpec)
                .build();
    }

    /**
     * Asks the exec pod's runner to post its events to {@code target} (see ExecReports) when the
     * chain ends. The runner removes the variable before it runs anything of the user's.
     */
    public static void reportTo(Pod execPod, String target) {
        execPod.getSpec().getContainers().get(0).getEnv().add(new EnvVar(REPORT_ENV, KubeEscaping.literal(target), null));
    }

    /** {@code berth.dev/client=true} plus one {@code uses.berth.dev/<hostname>} per bound service. */
    public static Map<String, String> clientLabels(ServiceInstanceSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (!spec.getBindings().isEmpty()) {
            labels.put(Labels.CLIENT, "true");
            spec.getBindings().forEach(b -> labels.put(Labels.uses(b.getHostname()), "true"));
        }
        return labels;
    }

    static PodSpec basePodSpec(ServiceInstanceSpec spec, Container main) {
        PodSpecBuilder pod = new PodSpecBuilder()
                .withRestartPolicy("Never")
                .withTerminationGracePeriodSeconds(TERMINATION_GRACE_SECONDS)
                // User code gets no API credentials, and no FOO_SERVICE_HOST variables that Dagger
                // would not set either.
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withHostAliases(spec.getHostAliases())
                .withContainers(main);
        List<CacheMountSpec> caches = spec.getCacheMounts();
        for (int i = 0; i < caches.size(); i++) {
            pod.addToVolumes(CacheVolumes.volume(i, caches.get(i)));
        }
        List<SecretMountSpec> secrets = spec.getSecretMounts();
        for (int i = 0; i < secrets.size(); i++) {
            pod.addToVolumes(SecretVolumes.volume(i, secrets.get(i)));
        }
        if (usesFiles(spec)) {
            pod.addToVolumes(new VolumeBuilder().withName(FILES_VOLUME).withNewEmptyDir().endEmptyDir().build());
        }
        if (spec.getRunner() != null && spec.getRunner().getDelivery() == RunnerDelivery.ImageVolume) {
            // The image's root (/berth-runner) appears at RUNNER_DIR, where a copy would go.
            pod.addToVolumes(new VolumeBuilder().withName(RUNNER_VOLUME).withNewImage()
                    .withReference(spec.getRunner().getImage()).withPullPolicy(PULL_POLICY).endImage().build());
        } else if (spec.getRunner() != null) {
            pod.addToVolumes(new VolumeBuilder().withName(RUNNER_VOLUME).withNewEmptyDir().endEmptyDir().build());
            pod.addToInitContainers(new ContainerBuilder()
                    .withName(RUNNER_INIT_CONTAINER)
                    .withImage(spec.getRunner().getImage())
                    .withImagePullPolicy(PULL_POLICY)
                    .withCommand("/berth-runner", "install", RUNNER_BIN)
                    .withVolumeMounts(runnerMount())
                    .build());
        }
        return pod.build();
    }

    private static ContainerBuilder mainContainer(ServiceInstanceSpec spec) {
        List<EnvVar> env = new ArrayList<>();
        spec.getEnv().forEach((name, value) -> env.add(new EnvVar(name, KubeEscaping.literal(value), null)));
        spec.getSecretEnv().forEach(secret -> env.add(SecretVolumes.envVar(secret)));
        List<VolumeMount> mounts = new ArrayList<>();
        List<CacheMountSpec> caches = spec.getCacheMounts();
        for (int i = 0; i < caches.size(); i++) {
            mounts.add(CacheVolumes.mount(i, caches.get(i)));
        }
        List<SecretMountSpec> secrets = spec.getSecretMounts();
        for (int i = 0; i < secrets.size(); i++) {
            mounts.add(SecretVolumes.mount(i, secrets.get(i)));
        }
        ContainerBuilder main = new ContainerBuilder()
                .withName(MAIN_CONTAINER)
                .withImage(spec.getImage())
                .withImagePullPolicy(PULL_POLICY)
                .withWorkingDir(spec.getWorkdir());
        if (spec.getRunner() != null) {
            mounts.add(runnerMount());
        }
        if (usesFiles(spec)) {
            mounts.add(new VolumeMountBuilder().withName(FILES_VOLUME).withMountPath(RunnerPlans.FILES_DIR).build());
        }
        if (spec.getRunner() != null && spec.getRunner().getPlan() != null) {
            env.add(new EnvVar(PLAN_ENV, KubeEscaping.literal(RunnerPlans.toJson(spec.getRunner().getPlan())), null));
            main.withCommand(RUNNER_BIN, "run");
        } else {
            main.withCommand(KubeEscaping.literal(spec.getCommand())).withArgs(KubeEscaping.literal(spec.getArgs()));
        }
        return main.withEnv(env).withVolumeMounts(mounts);
    }

    /** The plan receives files from the engine or holds for them to be read (docs/files.md). */
    static boolean usesFiles(ServiceInstanceSpec spec) {
        RunnerPlan plan = spec.getRunner() == null ? null : spec.getRunner().getPlan();
        return plan != null && (plan.getReceive() != null || plan.getHold() != null);
    }

    private static VolumeMount runnerMount() {
        return new VolumeMountBuilder().withName(RUNNER_VOLUME).withMountPath(RUNNER_DIR).build();
    }

    /** The ports a service must accept connections on to be Ready (Dagger checks TCP ports only). */
    public static List<PortSpec> healthChecked(ServiceInstanceSpec spec) {
        return spec.getPorts().stream().filter(p -> "TCP".equals(p.getProtocol()) && !p.isSkipHealthcheck()).toList();
    }

    static List<ContainerPort> containerPorts(List<PortSpec> ports) {
        return ports.stream().map(p -> new ContainerPortBuilder()
                .withContainerPort(p.getPort()).withProtocol(p.getProtocol()).build()).toList();
    }

    /** Probed every second, like Dagger's health check polls, so clients start promptly. */
    private static Probe tcpProbe(int port) {
        return new ProbeBuilder()
                .withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket()
                .withPeriodSeconds(1)
                .withTimeoutSeconds(1)
                .withFailureThreshold(3)
                .build();
    }
}
