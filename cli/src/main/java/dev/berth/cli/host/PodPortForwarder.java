package dev.berth.cli.host;

import java.io.IOException;

/** Opens TCP streams to a port of a pod (through the Kubernetes API, with the user's credentials). */
@FunctionalInterface
public interface PodPortForwarder {

    /**
     * One new stream to {@code pod:port}; fails with {@link PodNotFoundException} when the API
     * says the pod does not exist, with another IOException for anything else.
     */
    Duplex open(String namespace, String pod, int port) throws IOException;

    /**
     * Whether the pod's owner, the ServiceInstance of the same name, is still declared: a relay pod
     * that is gone while its instance remains is being replaced (keep trying), not collected.
     */
    default boolean stillDeclared(String namespace, String pod) {
        return false;
    }

    /**
     * Sets up what streams to {@code pod} will share (a connection through the API server) before
     * the first one is asked for, so that one does not wait for it; a failure is left for
     * {@link #open} to report.
     */
    default void prepare(String namespace, String pod) {
    }
}
