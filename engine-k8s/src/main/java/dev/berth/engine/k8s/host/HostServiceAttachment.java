package dev.berth.engine.k8s.host;

import dev.berth.engine.model.PortForward;
import java.util.List;

/** What the {@code berth} process needs to carry a host service: the relay pod and the targets. */
public record HostServiceAttachment(String namespace, String pod, String service, int controlPort, String key,
        String host, List<PortForward> ports) {
}
