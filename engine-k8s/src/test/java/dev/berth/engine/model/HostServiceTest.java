package dev.berth.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Host.service as a model value: content-addressed, validated, and not a container. */
class HostServiceTest {

    private static Service mariaDb(String host, int backend) {
        return Service.onHost(new HostTarget(host, List.of(PortForward.tcp(3306, backend))));
    }

    @Test
    void theHostnameIsADigestOfTheTargetAlone() {
        assertEquals(mariaDb("localhost", 3306).hostname(), mariaDb("localhost", 3306).hostname());
        assertNotEquals(mariaDb("localhost", 3306).hostname(), mariaDb("localhost", 3307).hostname());
        assertNotEquals(mariaDb("localhost", 3306).hostname(), mariaDb("127.0.0.1", 3306).hostname());
        assertTrue(mariaDb("localhost", 3306).hostname().matches("b[a-z2-7]{31}"));
    }

    @Test
    void anUnsetFrontendIsTheBackendsNumber() {
        Service service = Service.onHost(new HostTarget("localhost", List.of(PortForward.tcp(0, 5432))));
        assertEquals(List.of(new ExposedPort(5432, NetworkProtocol.TCP, "", false)), service.exposedPorts());
    }

    @Test
    void bindingAHostServiceChangesTheClient() {
        Container base = Container.from("alpine");
        assertNotEquals(base.withServiceBinding("db", mariaDb("localhost", 3306)).digest(),
                base.withServiceBinding("db", mariaDb("localhost", 3307)).digest());
    }

    @Test
    void badTargetsAreRefusedNamingTheField() {
        assertEquals("service.ports", assertThrows(ValidationException.class,
                () -> new HostTarget("localhost", List.of())).field());
        assertEquals("service.host", assertThrows(ValidationException.class,
                () -> new HostTarget("a host", List.of(PortForward.tcp(1, 1)))).field());
        assertEquals("service.ports", assertThrows(ValidationException.class, () -> new HostTarget("localhost",
                List.of(PortForward.tcp(80, 8080), PortForward.tcp(80, 8081)))).field());
        assertEquals("ports.backend", assertThrows(ValidationException.class, () -> PortForward.tcp(80, 0)).field());
    }

    @Test
    void aHostServiceRunsNoContainer() {
        Service service = mariaDb("localhost", 3306);
        assertTrue(service.isOnHost());
        assertEquals(List.of(), service.serviceBindings());
        assertThrows(IllegalStateException.class, service::container);
    }
}
