package dev.berth.engine.k8s.reconciler;

import dev.berth.engine.k8s.crd.ServiceInstance;
import dev.berth.engine.k8s.render.KubeServiceRenderer;
import dev.berth.engine.k8s.render.Labels;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The Kubernetes Service named by the hostname, selecting the instance's pod. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.INSTANCE))
public class KubeServiceDependent extends CRUDKubernetesDependentResource<Service, ServiceInstance> {

    public KubeServiceDependent() {
        super(Service.class);
    }

    @Override
    protected Service desired(ServiceInstance instance, Context<ServiceInstance> context) {
        return KubeServiceRenderer.render(instance.getMetadata().getNamespace(), instance.getMetadata().getName(),
                instance.getSpec());
    }
}
