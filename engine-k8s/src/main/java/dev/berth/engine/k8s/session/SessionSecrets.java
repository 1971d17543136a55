package dev.berth.engine.k8s.session;

import dev.berth.engine.k8s.EngineException;
import dev.berth.engine.k8s.render.Labels;
import dev.berth.engine.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Secret values of a session, each in a Kubernetes Secret of the session's namespace named by
 * the secret's keyed digest ({@link Secret#kubeName()}), immutable, labelled as Berth's. The
 * namespace is the session's, so its deletion takes the values with it, and no other session's
 * pods can reference them.
 */
public final class SessionSecrets {

    private SessionSecrets() {
    }

    /**
     * Stores the value unless it is stored already: the name is a digest of the session, the
     * secret's name and its value, so an existing Secret of that name holds this very value.
     */
    public static void put(KubernetesClient client, String namespace, Secret secret, String plaintext) {
        io.fabric8.kubernetes.api.model.Secret resource = new SecretBuilder()
                .withNewMetadata().withName(secret.kubeName()).withNamespace(namespace)
                .withLabels(Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_BERTH))
                .endMetadata()
                .withType("Opaque")
                .withImmutable(true)
                .withData(Map.of(Secret.KUBE_KEY,
                        Base64.getEncoder().encodeToString(plaintext.getBytes(StandardCharsets.UTF_8))))
                .build();
        try {
            client.secrets().inNamespace(namespace).resource(resource).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                // The message is the API server's and names the Secret, never the value.
                throw new EngineException("cannot store secret \"" + secret.name() + "\" in namespace " + namespace
                        + ": HTTP " + e.getCode() + (e.getStatus() == null ? "" : " " + e.getStatus().getReason()));
            }
        }
    }

    /** The value, read back from the session's namespace. */
    public static String plaintext(KubernetesClient client, String namespace, Secret secret) {
        io.fabric8.kubernetes.api.model.Secret resource;
        try {
            resource = client.secrets().inNamespace(namespace).withName(secret.kubeName()).get();
        } catch (KubernetesClientException e) {
            throw new EngineException("cannot read secret \"" + secret.name() + "\": HTTP " + e.getCode());
        }
        if (resource == null || resource.getData() == null || !resource.getData().containsKey(Secret.KUBE_KEY)) {
            throw new EngineException("secret \"" + secret.name() + "\" is not stored in this session (namespace "
                    + namespace + ")");
        }
        return new String(Base64.getDecoder().decode(resource.getData().get(Secret.KUBE_KEY)), StandardCharsets.UTF_8);
    }
}
