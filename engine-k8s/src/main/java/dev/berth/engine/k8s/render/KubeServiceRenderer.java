package dev.berth.engine.k8s.render;

import dev.berth.engine.k8s.crd.PortSpec;
import dev.berth.engine.k8s.crd.ServiceInstanceSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Kubernetes Service in front of a service pod: same name, one port per exposed port. */
public final class KubeServiceRenderer {

    private KubeServiceRenderer() {
    }

    /**
     * A ClusterIP Service, so the hostname resolves through cluster DNS and port-forwards have a
     * target; a service that exposes no port gets a headless one (Kubernetes rejects a ClusterIP
     * Service without ports). Bound clients use the pod IP (see ServiceInstances#address).
     */
    public static Service render(String namespace, String hostname, ServiceInstanceSpec spec) {
        List<ServicePort> ports = spec.getPorts().stream().map(KubeServiceRenderer::port).toList();
        ServiceBuilder service = new ServiceBuilder()
                .withNewMetadata().withName(hostname).withNamespace(namespace)
                .withLabels(Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_BERTH, Labels.INSTANCE, hostname))
                .endMetadata()
                .withNewSpec()
                .withSelector(Map.of(Labels.INSTANCE, hostname))
                .withPorts(ports)
                .endSpec();
        if (ports.isEmpty()) {
            service.editSpec().withClusterIP("None").endSpec();
        }
        return service.build();
    }

    private static ServicePort port(PortSpec port) {
        return new ServicePortBuilder()
                .withName(port.getProtocol().toLowerCase(Locale.ROOT) + "-" + port.getPort())
                .withProtocol(port.getProtocol())
                .withPort(port.getPort())
                .withTargetPort(new IntOrString(port.getPort()))
                .build();
    }
}
