package dev.berth.engine.k8s.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.k8s.crd.ForwardSpec;
import dev.berth.engine.k8s.crd.RelaySpec;
import dev.berth.engine.k8s.crd.ServiceInstanceSpec;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pod of a host service: {@code berth-runner relay} from the runner image, listening on the
 * frontends and on the control port the {@code berth} process attaches its tunnels to. It is Ready
 * while the {@code berth} process is attached (an exec probe asks the relay), not when a port
 * opens: a TCP probe would be carried to the user's machine and dial their server every second.
 */
public final class RelayPods {

    public static final String RELAY_ENV = "BERTH_RELAY";
    /** The runner image's own copy of the binary (no init container needed). */
    static final String IMAGE_BINARY = "/berth-runner";
    /** Where the control port goes unless a frontend takes it. */
    public static final int DEFAULT_CONTROL_PORT = 4117;

    private static final ObjectMapper JSON = new ObjectMapper();

    private RelayPods() {
    }

    /** The first port from {@link #DEFAULT_CONTROL_PORT} up that no frontend uses. */
    public static int controlPort(List<ForwardSpec> ports) {
        int port = DEFAULT_CONTROL_PORT;
        while (true) {
            int candidate = port;
            if (ports.stream().noneMatch(p -> p.getFrontend() == candidate)) {
                return candidate;
            }
            port++;
        }
    }

    static Pod render(String namespace, String hostname, Map<String, String> labels, ServiceInstanceSpec spec) {
        RelaySpec relay = spec.getRelay();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("controlPort", relay.getControlPort());
        config.put("key", relay.getKey());
        config.put("ports", relay.getPorts().stream().map(ForwardSpec::getFrontend).toList());
        String json;
        try {
            json = JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        var main = new ContainerBuilder()
                .withName(PodRenderer.MAIN_CONTAINER)
                .withImage(spec.getImage())
                .withImagePullPolicy(PodRenderer.PULL_POLICY)
                .withCommand(IMAGE_BINARY, "relay")
                .withEnv(new EnvVar(RELAY_ENV, json, null))
                .withPorts(PodRenderer.containerPorts(spec.getPorts()))
                .withReadinessProbe(new ProbeBuilder()
                        .withNewExec().withCommand(IMAGE_BINARY, "relay-ready").endExec()
                        .withPeriodSeconds(1).withTimeoutSeconds(1).withFailureThreshold(1)
                        .build())
                .build();
        var podSpec = PodRenderer.basePodSpec(spec, main);
        return new PodBuilder()
                .withNewMetadata().withName(hostname).withNamespace(namespace).withLabels(labels).endMetadata()
                .withSpec(podSpec)
                .build();
    }
}
