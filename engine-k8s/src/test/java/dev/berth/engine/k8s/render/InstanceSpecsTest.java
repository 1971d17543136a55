package dev.berth.engine.k8s.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.engine.k8s.EngineConfig;
import dev.berth.engine.k8s.crd.ServiceInstanceSpec;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.Service;
import dev.berth.engine.model.ServiceCommand;
import dev.berth.engine.model.ValidationException;
import io.fabric8.kubernetes.api.model.HostAlias;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InstanceSpecsTest {

    @Test
    void twoAliasesOfOneServiceShareAHostsLine() {
        Service a = Container.from("redis").withExposedPort(6379).asService();
        Service b = Container.from("python").withExposedPort(8080).asService(List.of("python", "-m", "http.server", "8080"), false);
        Container c = Container.from("alpine").withServiceBinding("db", a).withServiceBinding("cache", a)
                .withServiceBinding("www", b);
        List<HostAlias> aliases = InstanceSpecs.hostAliases(c.serviceBindings(),
                Map.of(a.hostname(), "198.19.0.2", b.hostname(), "198.19.0.1"));
        assertEquals(List.of(
                new HostAlias(List.of(b.hostname(), "www"), "198.19.0.1"),
                new HostAlias(List.of(a.hostname(), "cache", "db"), "198.19.0.2")), aliases);
    }

    @Test
    void execsAwaitEveryHealthCheckedTcpPortOfTheirBoundServicesFromTheirOwnPod() {
        Service db = Container.from("redis").withExposedPort(6379).asService();
        Service web = Container.from("python").withExposedPort(8080).withExposedPort(9090, dev.berth.engine.model.NetworkProtocol.TCP, "", true)
                .withExposedPort(5353, dev.berth.engine.model.NetworkProtocol.UDP, "", false)
                .asService(List.of("python", "-m", "http.server", "8080"), false);
        Container client = Container.from("alpine").withServiceBinding("db", db).withServiceBinding("www", web)
                .withExec(List.of("true"));
        ServiceInstanceSpec spec = InstanceSpecs.forExecs(client, EngineConfig.defaults(),
                Map.of(db.hostname(), "198.18.0.7", web.hostname(), "198.18.0.8"));
        assertEquals(List.of("198.18.0.7:6379", "198.18.0.8:8080"), spec.getRunner().getPlan().getAwait(),
                "skipped health checks and UDP ports are not awaited");
        Service onHost = Service.onHost(new dev.berth.engine.model.HostTarget("localhost",
                List.of(dev.berth.engine.model.PortForward.tcp(3306, 33306))));
        ServiceInstanceSpec viaRelay = InstanceSpecs.forExecs(Container.from("mariadb").withServiceBinding("db", onHost)
                .withExec(List.of("true")), EngineConfig.defaults(), Map.of(onHost.hostname(), "198.18.0.9"));
        assertEquals(List.of("198.18.0.9:" + RelayPods.DEFAULT_CONTROL_PORT), viaRelay.getRunner().getPlan().getAwait(),
                "a host service's relay is awaited on its control port, never on a frontend (that reaches the user's machine)");
        assertNull(InstanceSpecs.forExecs(Container.from("alpine").withExec(List.of("true")), EngineConfig.defaults(),
                Map.of()).getRunner().getPlan().getAwait(), "nothing bound, nothing awaited");
    }

    @Test
    void missingAddressIsAProgrammingError() {
        Service a = Container.from("redis").withExposedPort(6379).asService();
        Container c = Container.from("alpine").withServiceBinding("db", a);
        assertThrows(IllegalStateException.class, () -> InstanceSpecs.hostAliases(c.serviceBindings(), Map.of()));
    }

    @Test
    void commandMappingFollowsKubernetesRules() {
        ServiceInstanceSpec spec = new ServiceInstanceSpec();
        InstanceSpecs.applyCommand(new ServiceCommand(Optional.empty(), Optional.of(List.of("--port", "7000"))), spec);
        assertNull(spec.getCommand(), "image ENTRYPOINT kept");
        assertEquals(List.of("--port", "7000"), spec.getArgs());

        InstanceSpecs.applyCommand(new ServiceCommand(Optional.of(List.of("redis-server")), Optional.of(List.of())), spec);
        assertEquals(List.of("redis-server"), spec.getCommand());
        assertEquals(List.of(), spec.getArgs());

        assertThrows(ValidationException.class, () -> InstanceSpecs.applyCommand(
                new ServiceCommand(Optional.of(List.of("redis-server")), Optional.empty()), new ServiceInstanceSpec()));
    }

    @Test
    void portsAndProbeImageAreCarried() {
        Service s = Container.from("alpine").withExposedPort(80).withExposedPort(443)
                .asService(List.of("sleep", "1"), false);
        ServiceInstanceSpec spec = InstanceSpecs.forService(s, EngineConfig.defaults(), Map.of());
        assertEquals(List.of(80, 443), spec.getPorts().stream().map(p -> p.getPort()).toList());
        assertEquals(EngineConfig.DEFAULT_PROBE_IMAGE, spec.getProbeImage());
        assertNull(InstanceSpecs.forService(Container.from("alpine").withExposedPort(80)
                .asService(List.of("sleep", "1"), false), EngineConfig.defaults(), Map.of()).getProbeImage());
    }
}
