package dev.berth.cli.host;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The host ports of one {@code expose} request: all bound, or none. */
final class Exposure implements AutoCloseable {

    private final List<ExposedPort> ports;

    private Exposure(List<ExposedPort> ports) {
        this.ports = ports;
    }

    static Exposure open(InetAddress address, List<PortMapping> mappings, String service, String namespace,
            String pod, PodPortForwarder forwarder, Consumer<String> stderr) throws UserFacingException {
        List<ExposedPort> bound = new ArrayList<>();
        try {
            for (PortMapping mapping : mappings) {
                bound.add(ExposedPort.listen(address, mapping, service, namespace, pod, forwarder, stderr));
            }
        } catch (UserFacingException e) {
            bound.forEach(ExposedPort::close);
            throw e;
        }
        return new Exposure(bound);
    }

    /** The actual host ports (a requested 0 replaced by the port chosen). */
    List<PortMapping> ports() {
        return ports.stream().map(p -> new PortMapping(p.frontend(), p.backend())).toList();
    }

    @Override
    public void close() {
        ports.forEach(ExposedPort::close);
    }
}
