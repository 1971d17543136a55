package dev.berth.engine.k8s.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.engine.k8s.EngineConfig;
import dev.berth.engine.k8s.crd.ServiceInstanceSpec;
import dev.berth.engine.model.CacheVolume;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.NetworkProtocol;
import dev.berth.engine.model.Service;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodRendererTest {

    private static final EngineConfig CONFIG = EngineConfig.defaults();

    private static Pod servicePod(Service service, Map<String, String> addresses) {
        ServiceInstanceSpec spec = InstanceSpecs.forService(service, CONFIG, addresses);
        return PodRenderer.servicePod("berth-s", service.hostname(), spec);
    }

    private static io.fabric8.kubernetes.api.model.Container main(Pod pod) {
        return pod.getSpec().getContainers().get(0);
    }

    private static String env(io.fabric8.kubernetes.api.model.Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElse(null);
    }

    @Test
    void seedHttpServiceRunsThroughTheRunner() {
        Service service = Container.from("python").withWorkdir("/srv").withNewFile("index.html", "Hello, world!")
                .withExec(List.of("python", "-m", "http.server", "8080")).withExposedPort(8080).asService();
        Pod pod = servicePod(service, Map.of());

        assertEquals(service.hostname(), pod.getMetadata().getName());
        assertEquals("Never", pod.getSpec().getRestartPolicy());
        assertEquals(10L, pod.getSpec().getTerminationGracePeriodSeconds());
        assertEquals(Boolean.FALSE, pod.getSpec().getEnableServiceLinks());
        assertEquals(Boolean.TRUE, pod.getSpec().getShareProcessNamespace(), "stop(kill) needs the sandbox as PID 1");
        assertEquals(Map.of(Labels.MANAGED_BY, "berth", Labels.ROLE, "service", Labels.INSTANCE, service.hostname()),
                pod.getMetadata().getLabels());

        var init = pod.getSpec().getInitContainers().get(0);
        assertEquals(EngineConfig.DEFAULT_RUNNER_IMAGE, init.getImage());
        assertEquals(List.of("/berth-runner", "install", "/.berth/berth-runner"), init.getCommand());
        assertEquals("IfNotPresent", init.getImagePullPolicy());

        var main = main(pod);
        assertEquals("docker.io/library/python:latest", main.getImage());
        assertEquals("IfNotPresent", main.getImagePullPolicy());
        assertEquals(List.of("/.berth/berth-runner", "run"), main.getCommand());
        assertEquals("/srv", main.getWorkingDir());
        assertTrue(env(main, PodRenderer.PLAN_ENV).contains("\"http.server\""), env(main, PodRenderer.PLAN_ENV));
        assertEquals(8080, main.getReadinessProbe().getTcpSocket().getPort().getIntVal());
        assertEquals("/.berth", main.getVolumeMounts().get(0).getMountPath());
    }

    @Test
    void anImageVolumeDeliversTheRunnerWithoutAnInitContainer() {
        Container container = Container.from("alpine").withExec(List.of("echo", "hi"));
        ServiceInstanceSpec spec = InstanceSpecs.forExecs(container,
                CONFIG.withRunnerDelivery(dev.berth.engine.k8s.crd.RunnerDelivery.ImageVolume), Map.of());
        Pod pod = PodRenderer.execPod("berth-s", "exec-x", spec);

        assertTrue(pod.getSpec().getInitContainers().isEmpty(), "nothing to copy, so no init container");
        var volume = pod.getSpec().getVolumes().stream().filter(v -> v.getImage() != null).findFirst().orElseThrow();
        assertEquals(EngineConfig.DEFAULT_RUNNER_IMAGE, volume.getImage().getReference());
        assertEquals("IfNotPresent", volume.getImage().getPullPolicy());
        var mount = main(pod).getVolumeMounts().stream().filter(m -> m.getName().equals(volume.getName()))
                .findFirst().orElseThrow();
        assertEquals("/.berth", mount.getMountPath());
        assertEquals(List.of("/.berth/berth-runner", "run"), main(pod).getCommand(),
                "the image's /berth-runner, at the path a copy would have");
    }

    @Test
    void imageDefaultCommandLeavesCommandAndArgsUnset() {
        Pod pod = servicePod(Container.from("redis").withExposedPort(6379).asService(), Map.of());
        assertNull(main(pod).getCommand());
        assertNull(main(pod).getArgs());
        assertNull(env(main(pod), PodRenderer.PLAN_ENV), "no steps: Kubernetes starts the image's command");
        // The runner is installed all the same, for stop(kill).
        assertEquals(List.of(PodRenderer.RUNNER_INIT_CONTAINER),
                pod.getSpec().getInitContainers().stream().map(c -> c.getName()).toList());
        assertEquals("/.berth", main(pod).getVolumeMounts().get(0).getMountPath());
    }

    @Test
    void explicitArgsAreEscapedForKubernetesExpansion() {
        Service service = Container.from("alpine").withEnvVariable("GREETING", "$(not a var)")
                .withExposedPort(80).asService(List.of("sh", "-c", "echo $(hostname)"), false);
        var main = main(servicePod(service, Map.of()));
        assertEquals(List.of("sh", "-c", "echo $$(hostname)"), main.getCommand());
        assertEquals("$$(not a var)", env(main, "GREETING"));
    }

    @Test
    void thePlanIsEscapedToo() {
        Service service = Container.from("alpine").withExec(List.of("sh", "-c", "echo $(id)"))
                .withExposedPort(80).asService(List.of("sleep", "1"), false);
        String plan = env(main(servicePod(service, Map.of())), PodRenderer.PLAN_ENV);
        assertTrue(plan.contains("echo $$(id)"), plan);
    }

    @Test
    void oneProbePerHealthCheckedTcpPortViaSidecars() {
        Service service = Container.from("alpine")
                .withExposedPort(80)
                .withExposedPort(81, NetworkProtocol.TCP, "skipped", true)
                .withExposedPort(82)
                .withExposedPort(53, NetworkProtocol.UDP)
                .asService(List.of("sleep", "1000"), false);
        Pod pod = servicePod(service, Map.of());

        assertEquals(80, main(pod).getReadinessProbe().getTcpSocket().getPort().getIntVal());
        assertEquals(4, main(pod).getPorts().size());
        var sidecars = pod.getSpec().getInitContainers().stream()
                .filter(c -> !c.getName().equals(PodRenderer.RUNNER_INIT_CONTAINER)).toList();
        assertEquals(1, sidecars.size(), "port 81 is skipped, 53 is UDP");
        assertEquals("probe-82", sidecars.get(0).getName());
        assertEquals("Always", sidecars.get(0).getRestartPolicy());
        assertEquals(EngineConfig.DEFAULT_PROBE_IMAGE, sidecars.get(0).getImage());
        assertEquals(82, sidecars.get(0).getReadinessProbe().getTcpSocket().getPort().getIntVal());
    }

    @Test
    void noProbedPortMeansNoProbe() {
        Service service = Container.from("alpine").withExposedPort(80, NetworkProtocol.TCP, null, true)
                .asService(List.of("sleep", "1000"), false);
        assertNull(main(servicePod(service, Map.of())).getReadinessProbe());
    }

    @Test
    void execPodWithBindingsIsGatedLabelledAndResolvesAliasesAndHostnames() {
        Service www = Container.from("python").withExposedPort(8080).asService(List.of("python", "-m", "http.server", "8080"), false);
        Container client = Container.from("alpine").withServiceBinding("www", www)
                .withMountedCache("/cache", CacheVolume.of("k"))
                .withExec(List.of("wget", "-O-", "http://www:8080"));
        ServiceInstanceSpec spec = InstanceSpecs.forExecs(client, CONFIG, Map.of(www.hostname(), "198.19.0.10"));
        Pod pod = PodRenderer.execPod("berth-s", "exec-x", spec);

        assertEquals(List.of(PodRenderer.SERVICES_READY_GATE),
                pod.getSpec().getSchedulingGates().stream().map(g -> g.getName()).toList());
        assertEquals("true", pod.getMetadata().getLabels().get(Labels.CLIENT));
        assertEquals("true", pod.getMetadata().getLabels().get(Labels.uses(www.hostname())));
        assertEquals("exec", pod.getMetadata().getLabels().get(Labels.ROLE));
        assertEquals(List.of(new HostAlias(List.of(www.hostname(), "www"), "198.19.0.10")),
                pod.getSpec().getHostAliases());
        assertEquals(List.of("/.berth/berth-runner", "run"), main(pod).getCommand());

        var cache = pod.getSpec().getVolumes().stream().filter(v -> v.getHostPath() != null).findFirst().orElseThrow();
        assertEquals(EngineConfig.DEFAULT_CACHE_BASE_DIR + "/" + CacheVolume.of("k").digest().hex(),
                cache.getHostPath().getPath());
        assertEquals("DirectoryOrCreate", cache.getHostPath().getType());
        assertTrue(main(pod).getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/cache")));
    }

    @Test
    void execPodWithoutBindingsIsNotGated() {
        Container c = Container.from("alpine").withExec(List.of("true"));
        Pod pod = PodRenderer.execPod("berth-s", "exec-y", InstanceSpecs.forExecs(c, CONFIG, Map.of()));
        assertTrue(pod.getSpec().getSchedulingGates() == null || pod.getSpec().getSchedulingGates().isEmpty());
        assertNull(pod.getMetadata().getLabels().get(Labels.CLIENT));
    }

    @Test
    void aServiceThatBindsAnotherIsItsClient() {
        Service db = Container.from("redis").withExposedPort(6379).asService();
        Service app = Container.from("alpine").withServiceBinding("db", db).withExposedPort(80)
                .asService(List.of("sleep", "100"), false);
        Pod pod = servicePod(app, Map.of(db.hostname(), "198.19.0.11"));
        assertEquals("true", pod.getMetadata().getLabels().get(Labels.CLIENT));
        assertEquals("true", pod.getMetadata().getLabels().get(Labels.uses(db.hostname())));
        assertEquals("198.19.0.11", pod.getSpec().getHostAliases().get(0).getIp());
    }
}
