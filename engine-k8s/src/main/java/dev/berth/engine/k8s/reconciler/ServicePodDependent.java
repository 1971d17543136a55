package dev.berth.engine.k8s.reconciler;

import dev.berth.engine.k8s.crd.ServiceInstance;
import dev.berth.engine.k8s.render.Labels;
import dev.berth.engine.k8s.render.PodRenderer;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;

/**
 * The instance's pod. Created once and never updated: a pod's spec is immutable, and an instance
 * never changes what it runs (its name is the digest of that). A pod that exited stays, so its
 * exit code and log can be reported; garbage collection removes it with the instance.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.SERVICE_POD_SELECTOR))
public class ServicePodDependent extends KubernetesDependentResource<Pod, ServiceInstance>
        implements Creator<Pod, ServiceInstance>, GarbageCollected<ServiceInstance> {

    public ServicePodDependent() {
        super(Pod.class);
    }

    @Override
    protected Pod desired(ServiceInstance instance, Context<ServiceInstance> context) {
        return PodRenderer.servicePod(instance.getMetadata().getNamespace(), instance.getMetadata().getName(),
                instance.getSpec());
    }
}
