package dev.berth.engine.k8s.reconciler;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/**
 * Dials a service pod's health-checked ports from the operator, as Dagger's health check does, so
 * a service is Ready the moment its ports accept connections rather than at the kubelet's next
 * probe (at best once a second, reported after its next status sync).
 */
@FunctionalInterface
public interface PortDialer {

    /** What dialing every port said. */
    enum Outcome {
        /** Every port accepted a connection. */
        ACCEPTING,
        /** The pod answered but a port is not listening yet: worth dialing again soon. */
        REFUSED,
        /** No answer (a NetworkPolicy or no route from where the operator runs): leave it to the kubelet. */
        UNREACHABLE
    }

    Outcome dial(String podIP, List<Integer> ports);

    /** Plain TCP connects; a refusal comes back at once, silence after {@code timeoutMillis}. */
    static PortDialer tcp(int timeoutMillis) {
        return (podIP, ports) -> {
            for (int port : ports) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(podIP, port), timeoutMillis);
                } catch (ConnectException e) {
                    return e.getMessage() != null && e.getMessage().contains("refused") ? Outcome.REFUSED
                            : Outcome.UNREACHABLE;
                } catch (IOException | RuntimeException e) {
                    return Outcome.UNREACHABLE; // a timeout (silence), no route, a bad address
                }
            }
            return Outcome.ACCEPTING;
        };
    }
}
