package dev.berth.engine.k8s.session;

import dev.berth.engine.k8s.crd.SessionResource;
import dev.berth.engine.k8s.crd.SessionSpec;
import dev.berth.engine.k8s.crd.Timestamps;
import dev.berth.engine.k8s.render.Labels;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code Session} resources (cluster-scoped, named by the session id) that record sessions in
 * the API server: created before the namespace, which they own.
 */
public final class SessionRecords {

    /**
     * On API Sessions: the first 63 hex characters of the token's SHA-256 (a label value holds at
     * most 63), to find a session by its token; the whole hash in the spec is what is compared.
     */
    public static final String TOKEN_HASH_LABEL = "berth.dev/token-hash";

    private SessionRecords() {
    }

    public static String tokenHashLabel(String tokenHashHex) {
        return tokenHashHex.substring(0, Math.min(63, tokenHashHex.length()));
    }

    /** Records a new session; fails if one of that id exists. */
    public static SessionResource create(KubernetesClient client, String id, SessionSpec spec,
            Map<String, String> labels) {
        return client.resources(SessionResource.class).resource(record(id, spec, labels)).create();
    }

    /** The record of a session whose id is derived (Pipelines): created, or the one already there. */
    public static SessionResource ensure(KubernetesClient client, String id, SessionSpec spec,
            Map<String, String> labels) {
        SessionResource existing = client.resources(SessionResource.class).withName(id).get();
        if (existing != null) {
            return existing;
        }
        try {
            return create(client, id, spec, labels);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                SessionResource raced = client.resources(SessionResource.class).withName(id).get();
                if (raced != null) {
                    return raced;
                }
            }
            throw e;
        }
    }

    private static SessionResource record(String id, SessionSpec spec, Map<String, String> labels) {
        SessionResource record = new SessionResource();
        record.getMetadata().setName(id);
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.put(Labels.MANAGED_BY, Labels.MANAGED_BY_BERTH);
        if (spec.getTokenHash() != null) {
            all.put(TOKEN_HASH_LABEL, tokenHashLabel(spec.getTokenHash()));
        }
        record.getMetadata().setLabels(all);
        record.setSpec(spec);
        return record;
    }

    public static Optional<SessionResource> get(KubernetesClient client, String id) {
        return Optional.ofNullable(client.resources(SessionResource.class).withName(id).get());
    }

    /**
     * The namespace's owner reference to its Session: deleting the Session makes Kubernetes'
     * garbage collector delete the namespace. Not blocking the owner's deletion (that would need
     * update rights on sessions/finalizers, and nothing waits for it).
     */
    public static OwnerReference ownerOf(SessionResource record) {
        return new OwnerReferenceBuilder()
                .withApiVersion(record.getApiVersion())
                .withKind(record.getKind())
                .withName(record.getMetadata().getName())
                .withUid(record.getMetadata().getUid())
                .build();
    }

    /** Deletes the record; its namespace follows in the background. Missing is fine. */
    public static void requestDelete(KubernetesClient client, String id) {
        client.resources(SessionResource.class).withName(id)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    }

    /**
     * Closes the session without waiting: deletes its record and marks its namespace for deletion
     * at once rather than after the garbage collector's turn. Missing is fine.
     */
    public static void close(KubernetesClient client, String id) {
        requestDelete(client, id);
        SessionNamespaces.requestDelete(client, id);
    }

    /**
     * Renews the client's lease: {@code clientSeen} now, the operator pod that saw it, and whether
     * a {@code berth} process has attached its channel. A merge patch of these fields only.
     */
    public static void renew(KubernetesClient client, String id, Instant now, String holder, boolean channel) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("clientSeen", Timestamps.format(now));
        if (holder != null) {
            status.put("holder", holder);
        }
        if (channel) {
            status.put("channel", true);
        }
        client.resources(SessionResource.class).withName(id).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("status", status)));
    }
}
