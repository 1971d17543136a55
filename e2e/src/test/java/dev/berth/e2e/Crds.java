package dev.berth.e2e;

import dev.berth.engine.k8s.crd.ServiceInstance;
import dev.berth.engine.k8s.crd.SessionResource;
import dev.berth.operator.pipeline.Pipeline;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Installs Berth's CRDs as `kubectl apply` would, and waits until they are served. */
public final class Crds {

    /** Where the fabric8 CRD generator puts the ServiceInstance CRD in the engine jar. */
    static final String SERVICE_INSTANCE_RESOURCE = "META-INF/fabric8/serviceinstances.berth.dev-v1.yml";
    static final String SESSION_RESOURCE = "META-INF/fabric8/sessions.berth.dev-v1.yml";
    /** The committed Pipeline CRD, as `kubectl apply -f crds/` installs it (from e2e/). */
    static final Path PIPELINE_FILE = Path.of("..", "crds", "pipelines.berth.dev-v1.yml");

    private Crds() {
    }

    /**
     * The engine's CRDs (ServiceInstance, Session) on the classpath, so tests always use the
     * current ones.
     */
    public static void installServiceInstances(KubernetesClient client) {
        apply(client, Crds.class.getClassLoader().getResourceAsStream(SERVICE_INSTANCE_RESOURCE),
                "classpath:" + SERVICE_INSTANCE_RESOURCE);
        apply(client, Crds.class.getClassLoader().getResourceAsStream(SESSION_RESOURCE), "classpath:" + SESSION_RESOURCE);
        client.resources(ServiceInstance.class).inAnyNamespace().list(); // the classes match the CRDs
        client.resources(SessionResource.class).list();
    }

    public static void installPipelines(KubernetesClient client) {
        InputStream in;
        try {
            in = Files.newInputStream(PIPELINE_FILE);
        } catch (IOException e) {
            throw new IllegalStateException(PIPELINE_FILE.toAbsolutePath() + " is missing: run mvn package -pl operator",
                    e);
        }
        apply(client, in, PIPELINE_FILE.toString());
        client.resources(Pipeline.class).inAnyNamespace().list(); // the class matches the CRD
    }

    /** @param source the CRD's YAML; {@code origin} names it in errors */
    private static void apply(KubernetesClient client, InputStream source, String origin) {
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
