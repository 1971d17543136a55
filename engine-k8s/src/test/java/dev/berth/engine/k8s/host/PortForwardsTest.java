package dev.berth.engine.k8s.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.engine.model.ExposedPort;
import dev.berth.engine.model.NetworkProtocol;
import dev.berth.engine.model.PortForward;
import dev.berth.engine.model.ValidationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which host ports up and tunnel bind: Dagger's rules (core/schema/service.go up, host.go tunnel). */
class PortForwardsTest {

    private static final List<ExposedPort> HTTP_AND_METRICS = List.of(
            new ExposedPort(8080, NetworkProtocol.TCP, "", false), new ExposedPort(9090, NetworkProtocol.TCP, "", false));

    @Test
    void upWithNoPortsAndNoRandomIsNative() {
        assertEquals(List.of(PortForward.tcp(8080, 8080), PortForward.tcp(9090, 9090)),
                PortForwards.forUp("svc", HTTP_AND_METRICS, List.of(), false));
    }

    @Test
    void upWithPortsForwardsExactlyThose() {
        assertEquals(List.of(PortForward.tcp(9000, 8080)),
                PortForwards.forUp("svc", HTTP_AND_METRICS, List.of(PortForward.tcp(9000, 8080)), false));
    }

    @Test
    void upRandomGivesEveryExposedPortAFreeHostPort() {
        assertEquals(List.of(PortForward.tcp(0, 8080), PortForward.tcp(0, 9090)),
                PortForwards.forUp("svc", HTTP_AND_METRICS, List.of(), true));
    }

    @Test
    void tunnelIsRandomByDefaultAndNativePortsAreAdditive() {
        assertEquals(List.of(PortForward.tcp(0, 8080), PortForward.tcp(0, 9090)),
                PortForwards.forTunnel("svc", HTTP_AND_METRICS, List.of(), false));
        assertEquals(List.of(PortForward.tcp(8080, 8080), PortForward.tcp(9090, 9090), PortForward.tcp(0, 8080)),
                PortForwards.forTunnel("svc", HTTP_AND_METRICS, List.of(PortForward.tcp(0, 8080)), true));
    }

    @Test
    void aServiceWithoutPortsNeedsExplicitOnes() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> PortForwards.forUp("svc", List.of(), List.of(), false));
        assertEquals("up.ports", e.field());
        assertTrue(e.reason().contains("exposes no ports"), e.reason());
    }

    @Test
    void aHostPortGivenTwiceIsRefused() {
        ValidationException e = assertThrows(ValidationException.class, () -> PortForwards.forUp("svc",
                HTTP_AND_METRICS, List.of(PortForward.tcp(9000, 8080), PortForward.tcp(9000, 9090)), false));
        assertTrue(e.reason().contains("9000"), e.reason());
    }

    @Test
    void udpCannotCrossAPortForward() {
        List<ExposedPort> dns = List.of(new ExposedPort(53, NetworkProtocol.UDP, "", false));
        TcpOnlyException e = assertThrows(TcpOnlyException.class, () -> PortForwards.forUp("svc", dns, List.of(), false));
        assertTrue(e.getMessage().contains("53/UDP") && e.getMessage().contains("TCP only"), e.getMessage());
    }
}
