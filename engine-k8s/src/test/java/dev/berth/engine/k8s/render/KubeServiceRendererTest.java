package dev.berth.engine.k8s.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.berth.engine.k8s.EngineConfig;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.NetworkProtocol;
import dev.berth.engine.model.Service;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubeServiceRendererTest {

    @Test
    void onePortPerExposedPortSelectingTheInstancePod() {
        Service s = Container.from("alpine").withExposedPort(8080).withExposedPort(53, NetworkProtocol.UDP)
                .asService(List.of("sleep", "1"), false);
        var svc = KubeServiceRenderer.render("ns", s.hostname(),
                InstanceSpecs.forService(s, EngineConfig.defaults(), Map.of()));
        assertEquals(s.hostname(), svc.getMetadata().getName());
        assertEquals(Map.of(Labels.INSTANCE, s.hostname()), svc.getSpec().getSelector());
        assertEquals(List.of("tcp-8080", "udp-53"), svc.getSpec().getPorts().stream().map(p -> p.getName()).toList(),
                "declaration order");
        assertEquals("UDP", svc.getSpec().getPorts().get(1).getProtocol());
        assertNull(svc.getSpec().getClusterIP());
    }

    @Test
    void noPortsMakesItHeadless() {
        Service s = Container.from("alpine").asService(List.of("sleep", "1"), false);
        var svc = KubeServiceRenderer.render("ns", s.hostname(),
                InstanceSpecs.forService(s, EngineConfig.defaults(), Map.of()));
        assertEquals("None", svc.getSpec().getClusterIP());
    }
}
