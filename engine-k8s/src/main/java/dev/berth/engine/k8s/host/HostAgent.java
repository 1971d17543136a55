package dev.berth.engine.k8s.host;

import dev.berth.engine.model.PortForward;
import java.util.List;

/**
 * The user's machine, as the engine sees it: the {@code berth} process at the other end of the
 * session channel, which can listen and dial there (Dagger's session attachables). Calls block
 * until the {@code berth} process answered.
 */
public interface HostAgent {

    /**
     * Listens on the user's machine at each frontend (0: a free port) and carries every accepted
     * connection to {@code pod:backend} in {@code namespace}.
     *
     * @throws HostAgentException the {@code berth} process refused (a port in use ...) or is gone
     */
    Exposure expose(String namespace, String pod, String service, List<PortForward> ports);

    /**
     * Checks that each {@code host:backend} accepts a connection, then keeps tunnels attached to the
     * relay pod's control port until {@link #release} or the end of the session.
     *
     * @throws HostAgentException a target refused, or the {@code berth} process is gone
     */
    void attachHostService(HostServiceAttachment attachment);

    /** Stops holding the tunnels of a host service (its relay is gone). */
    void release(String namespace, String pod);

    /** No {@code berth} process: everything that needs the user's machine fails with why. */
    HostAgent NONE = new HostAgent() {
        @Override
        public Exposure expose(String namespace, String pod, String service, List<PortForward> ports) {
            throw HostAgentException.noAgent("exposing service " + service + " on your machine");
        }

        @Override
        public void attachHostService(HostServiceAttachment attachment) {
            throw HostAgentException.noAgent("host service " + attachment.service());
        }

        @Override
        public void release(String namespace, String pod) {
        }
    };
}
