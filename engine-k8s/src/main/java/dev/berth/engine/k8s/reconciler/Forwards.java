package dev.berth.engine.k8s.reconciler;

import dev.berth.engine.k8s.crd.ExposureSpec;
import dev.berth.engine.k8s.crd.ServiceInstanceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code Forwards} column of {@code kubectl get serviceinstances}: exposures and host targets. */
public final class Forwards {

    private Forwards() {
    }

    public static Optional<String> describe(ServiceInstanceSpec spec) {
        List<String> parts = new ArrayList<>();
        if (spec.getRelay() != null) {
            String host = spec.getRelay().getHost();
            spec.getRelay().getPorts().forEach(p -> parts.add(p.getFrontend() + "->" + hostPort(host, p.getBackend())));
        }
        for (ExposureSpec exposure : spec.getExposures()) {
            exposure.getPorts().forEach(p -> parts.add(hostPort(exposure.getAddress(), p.getFrontend()) + "->"
                    + p.getBackend()));
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(",", parts));
    }

    private static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
