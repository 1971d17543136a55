package dev.berth.engine.k8s.session;

import dev.berth.engine.k8s.render.Labels;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A session's namespace, {@code berth-<id>}, and the NetworkPolicy that keeps other sessions out
 * (Dagger's "no cross-talk"). The namespace is owned by the session's {@code Session} resource
 * ({@link SessionRecords}), so deleting the Session deletes everything in it.
 */
public final class SessionNamespaces {

    public static final String PREFIX = "berth-";
    public static final String ISOLATION_POLICY = "berth-session-isolation";

    private SessionNamespaces() {
    }

    public static String namespaceFor(String sessionId) {
        return PREFIX + sessionId;
    }

    /** The session whose namespace this is, if it is one's. */
    public static java.util.Optional<String> sessionOf(String namespace) {
        return namespace != null && namespace.startsWith(PREFIX) && namespace.length() > PREFIX.length()
                ? java.util.Optional.of(namespace.substring(PREFIX.length()))
                : java.util.Optional.empty();
    }

    /**
     * Creates a new session's namespace and policy; fails if the namespace exists. Pods labelled
     * {@code berth.dev/operator=true} in {@code operatorNamespace} (if known) may reach its pods.
     */
    public static void create(KubernetesClient client, String sessionId, Map<String, String> labels,
            OwnerReference owner, Optional<String> operatorNamespace) {
        String namespace = namespaceFor(sessionId);
        client.namespaces().resource(namespace(sessionId, labels, Map.of(), owner)).create();
        client.network().v1().networkPolicies().inNamespace(namespace)
                .resource(isolationPolicy(namespace, operatorNamespace)).create();
    }

    /**
     * Creates the session's namespace (with extra labels and annotations) and its policy, or finds
     * them already there: for sessions whose id is derived, re-opened after an operator restart.
     * A namespace still being deleted cannot be used yet: that is reported as transient (503).
     */
    public static void ensure(KubernetesClient client, String sessionId, Map<String, String> labels,
            Map<String, String> annotations, OwnerReference owner, Optional<String> operatorNamespace) {
        String namespace = namespaceFor(sessionId);
        Namespace existing = client.namespaces().withName(namespace).get();
        if (existing != null && existing.getMetadata().getDeletionTimestamp() != null) {
            throw new KubernetesClientException("session namespace " + namespace + " is still being deleted",
                    HttpURLConnection.HTTP_UNAVAILABLE, null);
        }
        if (existing == null) {
            createIgnoringConflict(() -> client.namespaces().resource(namespace(sessionId, labels, annotations,
                    owner)).create());
        }
        if (client.network().v1().networkPolicies().inNamespace(namespace).withName(ISOLATION_POLICY).get() == null) {
            createIgnoringConflict(() -> client.network().v1().networkPolicies().inNamespace(namespace)
                    .resource(isolationPolicy(namespace, operatorNamespace)).create());
        }
    }

    private static Namespace namespace(String sessionId, Map<String, String> labels, Map<String, String> annotations,
            OwnerReference owner) {
        return new NamespaceBuilder().withNewMetadata().withName(namespaceFor(sessionId))
                .addToOwnerReferences(owner)
                .addToLabels(labels)
                .addToLabels(Labels.SESSION, sessionId)
                .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_BERTH)
                .addToAnnotations(annotations)
                .endMetadata().build();
    }

    private static void createIgnoringConflict(Runnable create) {
        try {
            create.run();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
    }

    /**
     * Ingress only from pods of the same namespace and from the operator's pods: those labelled
     * {@code berth.dev/operator=true} in {@code operatorNamespace} (one peer with both selectors,
     * so the label counts in that namespace only: anyone may label a pod of their own). With no
     * operator namespace (the engine runs outside the cluster) only the same namespace is
     * admitted. Egress stays open (execs may reach the internet as in Dagger).
     */
    public static NetworkPolicy isolationPolicy(String namespace, Optional<String> operatorNamespace) {
        List<NetworkPolicyPeer> from = new ArrayList<>();
        from.add(new NetworkPolicyPeerBuilder().withNewPodSelector().endPodSelector().build());
        operatorNamespace.ifPresent(operator -> from.add(new NetworkPolicyPeerBuilder()
                .withNewNamespaceSelector().addToMatchLabels(Labels.NAMESPACE_NAME, operator).endNamespaceSelector()
                .withNewPodSelector().addToMatchLabels(Labels.OPERATOR, "true").endPodSelector()
                .build()));
        return new NetworkPolicyBuilder()
                .withNewMetadata().withName(ISOLATION_POLICY).withNamespace(namespace)
                .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_BERTH).endMetadata()
                .withNewSpec()
                .withNewPodSelector().endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress().withFrom(from).endIngress()
                .endSpec()
                .build();
    }

    /**
     * Marks the namespace for deletion and returns: Kubernetes stops everything in it in the
     * background (each pod with its grace period). A session closed this way is gone for its
     * clients at once; its namespace is {@code Terminating} for some seconds.
     */
    public static void requestDelete(KubernetesClient client, String sessionId) {
        client.namespaces().withName(namespaceFor(sessionId)).delete();
    }

    /** Deletes the namespace (and so everything in it) and waits until it is gone. */
    public static void delete(KubernetesClient client, String sessionId, Waits waits, Duration timeout) {
        String namespace = namespaceFor(sessionId);
        requestDelete(client, sessionId);
        waits.until(timeout, "namespace " + namespace + " to be deleted",
                () -> client.namespaces().withName(namespace).get() == null ? Optional.of(true) : Optional.empty(),
                () -> "");
    }
}
