package dev.berth.engine.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a host service forwards to ({@code Host.service}): containers connect to a frontend port
 * of the service and reach {@code host:backend} on the user's machine.
 *
 * @param host  the host name or address the {@code berth} process dials (Dagger: "localhost")
 * @param ports frontends are unique; a frontend of 0 (unset) means the backend's number
 */
public record HostTarget(String host, List<PortForward> ports) {

    public HostTarget {
        Checks.notBlank(host, "service.host");
        if (host.length() > 253 || !host.matches("[A-Za-z0-9.:_\\[\\]-]+")) {
            throw new ValidationException("service.host", "must be a host name or an IP address, got \"" + host + "\"");
        }
        Checks.notNull(ports, "service.ports");
        if (ports.isEmpty()) {
            throw new ValidationException("service.ports", "must name at least one port");
        }
        ports = ports.stream().map(p -> p.frontend() == 0 ? new PortForward(p.backend(), p.backend(), p.protocol()) : p)
                .sorted(java.util.Comparator.comparingInt(PortForward::frontend)).toList();
        Set<Integer> frontends = new HashSet<>();
        for (PortForward port : ports) {
            if (port.protocol() != NetworkProtocol.TCP) {
                throw new ValidationException("service.ports", "port " + port.frontend() + "/" + port.protocol()
                        + ": only TCP can be forwarded (Kubernetes port-forward is TCP only)");
            }
            if (!frontends.add(port.frontend())) {
                throw new ValidationException("service.ports", "frontend port " + port.frontend() + " is given twice");
            }
        }
    }

    /** The ports containers connect to, as exposed ports of the service. */
    public List<ExposedPort> exposedPorts() {
        return ports.stream().map(p -> new ExposedPort(p.frontend(), NetworkProtocol.TCP, "", false)).toList();
    }

    void writeTo(CanonicalWriter out) {
        out.type("berth.dev/HostTarget/v1")
                .field("host").string(host)
                .field("ports").list(ports, (w, p) -> p.writeTo(w));
    }
}
