package dev.berth.engine.k8s.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.k8s.EngineConfig;
import dev.berth.engine.k8s.crd.ExposureSpec;
import dev.berth.engine.k8s.crd.ForwardSpec;
import dev.berth.engine.k8s.crd.ServiceInstanceSpec;
import dev.berth.engine.k8s.reconciler.Forwards;
import dev.berth.engine.model.HostTarget;
import dev.berth.engine.model.PortForward;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A host service's pod: the runner image as a relay, Ready only while the berth process is attached. */
class RelayPodsTest {

    private static final HostTarget MARIADB = new HostTarget("localhost", List.of(PortForward.tcp(3306, 33306)));

    @Test
    void theRelayRunsTheRunnerImageWithItsConfigAndAnExecProbe() throws Exception {
        ServiceInstanceSpec spec = InstanceSpecs.forHostService(MARIADB, EngineConfig.defaults(), "k3y");
        Pod pod = PodRenderer.servicePod("berth-s1", "bhost", spec);
        Container main = pod.getSpec().getContainers().get(0);
        assertEquals(EngineConfig.DEFAULT_RUNNER_IMAGE, main.getImage());
        assertEquals(List.of("/berth-runner", "relay"), main.getCommand());
        JsonNode config = new ObjectMapper().readTree(main.getEnv().get(0).getValue());
        assertEquals(RelayPods.DEFAULT_CONTROL_PORT, config.path("controlPort").asInt());
        assertEquals("k3y", config.path("key").asText());
        assertEquals(3306, config.path("ports").path(0).asInt());
        // A TCP probe would be carried to the user's server every second: the relay answers it instead.
        assertEquals(List.of("/berth-runner", "relay-ready"), main.getReadinessProbe().getExec().getCommand());
        assertNull(main.getReadinessProbe().getTcpSocket());
        assertTrue(pod.getSpec().getInitContainers().isEmpty(), "the runner image has the binary already");
        assertEquals(3306, main.getPorts().get(0).getContainerPort());
    }

    @Test
    void theControlPortAvoidsTheFrontends() {
        assertEquals(RelayPods.DEFAULT_CONTROL_PORT + 2, RelayPods.controlPort(List.of(
                new ForwardSpec(RelayPods.DEFAULT_CONTROL_PORT, 1), new ForwardSpec(RelayPods.DEFAULT_CONTROL_PORT + 1, 1))));
    }

    @Test
    void kubectlShowsWhereTrafficGoes() {
        ServiceInstanceSpec relay = InstanceSpecs.forHostService(MARIADB, EngineConfig.defaults(), "k");
        assertEquals("3306->localhost:33306", Forwards.describe(relay).orElseThrow());
        ServiceInstanceSpec exposed = new ServiceInstanceSpec();
        exposed.setExposures(List.of(new ExposureSpec("x1", "127.0.0.1", List.of(new ForwardSpec(9000, 8080)))));
        assertEquals("127.0.0.1:9000->8080", Forwards.describe(exposed).orElseThrow());
        assertTrue(Forwards.describe(new ServiceInstanceSpec()).isEmpty());
    }
}
