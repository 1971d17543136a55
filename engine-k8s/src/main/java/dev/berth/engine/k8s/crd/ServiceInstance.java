package dev.berth.engine.k8s.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One running instance of a service in one session: named by the service's hostname, it is
 * reconciled into a pod and a Kubernetes Service of the same name.
 */
@Group(ServiceInstance.GROUP)
@Version(ServiceInstance.VERSION)
@ShortNames("bsi")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class ServiceInstance extends CustomResource<ServiceInstanceSpec, ServiceInstanceStatus> implements Namespaced {

    public static final String GROUP = "berth.dev";
    public static final String VERSION = "v1alpha1";

    private static final long serialVersionUID = 1L;

    @Override
    protected ServiceInstanceStatus initStatus() {
        return new ServiceInstanceStatus();
    }
}
