package dev.berth.e2e;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;

/** Installs a CRD the tests depend on, as `kubectl apply` would, and waits until it is served. */
final class Crds {

    private Crds() {
    }

    /** @param source the CRD's YAML; {@code origin} names it in errors */
    static void apply(KubernetesClient client, InputStream source, String origin) {
        CustomResourceDefinition crd;
        try (InputStream in = source) {
            if (in == null) {
                throw new IllegalStateException(origin + " is missing: build the project first (mvn install)");
            }
            crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new IllegalStateException(origin + " cannot be read", e);
        }
        client.apiextensions().v1().customResourceDefinitions().resource(crd).forceConflicts().serverSideApply();
        String name = crd.getMetadata().getName();
        E2eCluster.waitFor(Duration.ofSeconds(60), "CRD " + name + " to be established", () -> Optional
                .ofNullable(client.apiextensions().v1().customResourceDefinitions().withName(name).get())
                .map(c -> c.getStatus() != null && c.getStatus().getConditions().stream()
                        .anyMatch(cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())))
                .orElse(false), () -> "");
    }
}
