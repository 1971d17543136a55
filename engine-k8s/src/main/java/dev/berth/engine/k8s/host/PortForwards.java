package dev.berth.engine.k8s.host;

import dev.berth.engine.model.ExposedPort;
import dev.berth.engine.model.NetworkProtocol;
import dev.berth.engine.model.PortForward;
import dev.berth.engine.model.ValidationException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which host ports {@code up} and {@code Host.tunnel} bind, as Dagger decides it: native ports map
 * each exposed port to the same number; explicit forwards are added to them; with neither, every
 * exposed port gets a free host port (frontend 0). Pure, so the rules are unit-tested.
 */
public final class PortForwards {

    private PortForwards() {
    }

    /** {@code Service.up(ports, random)}: no ports and no random means native. */
    public static List<PortForward> forUp(String service, List<ExposedPort> exposed, List<PortForward> requested,
            boolean random) {
        return forTunnel(service, exposed, requested, !random && requested.isEmpty(), "up.ports");
    }

    /** {@code Host.tunnel(service, native, ports)}. */
    public static List<PortForward> forTunnel(String service, List<ExposedPort> exposed, List<PortForward> requested,
            boolean nativePorts) {
        return forTunnel(service, exposed, requested, nativePorts, "tunnel.ports");
    }

    private static List<PortForward> forTunnel(String service, List<ExposedPort> exposed,
            List<PortForward> requested, boolean nativePorts, String field) {
        List<PortForward> forwards = new ArrayList<>();
        if (nativePorts) {
            exposed.forEach(p -> forwards.add(new PortForward(p.port(), p.port(), p.protocol())));
        }
        forwards.addAll(requested);
        if (forwards.isEmpty()) {
            exposed.forEach(p -> forwards.add(new PortForward(0, p.port(), p.protocol())));
        }
        if (forwards.isEmpty()) {
            throw new ValidationException(field, "service " + service + " exposes no ports: expose one with "
                    + "withExposedPort, or name the ports to forward");
        }
        Set<Integer> frontends = new HashSet<>();
        for (PortForward forward : forwards) {
            if (forward.protocol() != NetworkProtocol.TCP) {
                throw new TcpOnlyException(field, "port " + forward.backend() + "/" + forward.protocol()
                        + " cannot be forwarded: Kubernetes port-forward carries TCP only; name the TCP ports to "
                        + "forward");
            }
            if (forward.frontend() != 0 && !frontends.add(forward.frontend())) {
                throw new ValidationException(field, "host port " + forward.frontend() + " is given twice");
            }
        }
        return List.copyOf(forwards);
    }
}
