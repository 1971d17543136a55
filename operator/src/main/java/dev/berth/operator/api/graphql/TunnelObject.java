package dev.berth.operator.api.graphql;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.k8s.host.PortForwards;
import dev.berth.engine.model.PortForward;
import java.util.List;

/**
 * {@code Host.tunnel(service)}: a Service on the user's machine that forwards to {@code target}.
 * Its endpoint is an address there (127.0.0.1 and a host port), known once the tunnel is started.
 */
public record TunnelObject(ServiceObject target, List<PortForward> forwards, ObjectNode recipe) implements ApiObject {

    static TunnelObject of(ServiceObject target, boolean nativePorts, List<PortForward> requested, ObjectNode recipe) {
        List<PortForward> forwards = PortForwards.forTunnel(target.model().hostname(),
                target.model().exposedPorts(), requested, nativePorts);
        return new TunnelObject(target, forwards, recipe);
    }

    @Override
    public String typeName() {
        return "Service";
    }

    /** The key a started tunnel is kept under in its session: same tunnel, same listeners. */
    String key() {
        return recipe.toString();
    }
}
