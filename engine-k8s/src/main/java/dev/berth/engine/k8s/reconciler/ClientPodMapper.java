package dev.berth.engine.k8s.reconciler;

import dev.berth.engine.k8s.render.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;
import java.util.stream.Collectors;

/** A client pod concerns every instance it uses: one {@code uses.berth.dev/<hostname>} label each. */
public class ClientPodMapper implements SecondaryToPrimaryMapper<Pod> {

    @Override
    public Set<ResourceID> toPrimaryResourceIDs(Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        return Labels.usedHostnames(pod.getMetadata().getLabels()).stream()
                .map(hostname -> new ResourceID(hostname, namespace))
                .collect(Collectors.toSet());
    }
}
