package dev.berth.operator.pipeline;

import dev.berth.engine.k8s.EngineConfig;
import dev.berth.engine.k8s.EngineException;
import dev.berth.engine.k8s.ExecResult;
import dev.berth.engine.k8s.KubernetesEngine;
import dev.berth.engine.k8s.Session;
import dev.berth.engine.k8s.crd.SessionResource;
import dev.berth.engine.k8s.crd.SessionSpec;
import dev.berth.engine.k8s.session.ExecRunner;
import dev.berth.engine.k8s.session.SessionRecords;
import dev.berth.engine.k8s.session.SessionNamespaces;
import dev.berth.engine.model.Container;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sessions pipelines run in: engine sessions of origin Pipeline (a Session resource labelled
 * with the Pipeline's UID, owning its namespace) under an id derived from the Pipeline's UID and
 * generation, so the operator finds the same session again after a restart, and a changed spec
 * gets a fresh one. Each step runs in the session attached anew ({@link KubernetesEngine#attachSession}):
 * exec pods are named by the container's digest, so running a step again attaches to the pod that
 * is already running or done instead of running the exec twice, and a failed step's failure is
 * reported again rather than the step run twice.
 */
public final class PipelineSessions {

    /** On session namespaces: the UID of the Pipeline that owns it. */
    public static final String PIPELINE_UID_LABEL = "berth.dev/pipeline-uid";
    /** On session namespaces: {@code <namespace>/<name>} of the Pipeline (names may exceed a label's 63). */
    public static final String PIPELINE_ANNOTATION = "berth.dev/pipeline";
    static final String ID_PREFIX = "pl";
    static final int ID_HASH_CHARS = 16;

    private final KubernetesClient client;
    private final KubernetesEngine engine;

    public PipelineSessions(KubernetesClient client, EngineConfig config) {
        this.client = client;
        // Steps' results are read from their pods: Pipelines keep whole logs, not reports.
        this.engine = new KubernetesEngine(client, config);
    }

    /** {@code pl} + 16 hex characters of SHA-256(uid/generation): the same every time for one spec. */
    public static String sessionId(String uid, long generation) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((uid + "/" + generation).getBytes(StandardCharsets.UTF_8));
            return ID_PREFIX + HexFormat.of().formatHex(hash).substring(0, ID_HASH_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    public static String namespace(String uid, long generation) {
        return SessionNamespaces.namespaceFor(sessionId(uid, generation));
    }

    /** Opens the pipeline's session (Session, namespace, policy), or finds it there. */
    public void ensure(Pipeline pipeline, String sessionId) {
        String pipelineName = pipeline.getMetadata().getNamespace() + "/" + pipeline.getMetadata().getName();
        engine.ensureSession(sessionId, SessionSpec.pipeline(pipelineName),
                Map.of(PIPELINE_UID_LABEL, pipeline.getMetadata().getUid()),
                Map.of(PIPELINE_ANNOTATION, pipelineName));
    }

    /**
     * Runs the container's exec in the session of {@code namespace}, or attaches to the run already
     * there, also to one that failed. The caller guarantees that this process is not running the
     * same step.
     */
    public ExecResult exec(String namespace, Container container) {
        if (!namespace.startsWith(SessionNamespaces.PREFIX)) {
            throw new EngineException(namespace + " is not a session namespace");
        }
        Session session = engine.attachSession(namespace.substring(SessionNamespaces.PREFIX.length()),
                ExecRunner.FailedRuns.KEEP);
        try {
            return session.exec(container);
        } finally {
            session.detach();
        }
    }

    /**
     * Starts deleting the sessions of a pipeline (by label, plus {@code known} ones) and returns
     * those that still exist.
     */
    public Set<String> deleteAll(String uid, List<String> known) {
        Set<String> namespaces = new LinkedHashSet<>();
        known.stream().filter(n -> n != null && !n.isBlank()).forEach(namespaces::add);
        client.namespaces().withLabel(PIPELINE_UID_LABEL, uid).list().getItems()
                .forEach(n -> namespaces.add(n.getMetadata().getName()));
        client.resources(SessionResource.class).withLabel(PIPELINE_UID_LABEL, uid).list().getItems()
                .forEach(s -> SessionRecords.requestDelete(client, s.getMetadata().getName()));
        Set<String> remaining = new LinkedHashSet<>();
        for (String namespace : namespaces) {
            if (client.namespaces().withName(namespace).get() != null) {
                delete(namespace);
                remaining.add(namespace);
            }
        }
        return remaining;
    }

    /** Deletes the session (its record and namespace, and so everything in it); does not wait. */
    public void delete(String namespace) {
        if (!namespace.startsWith(SessionNamespaces.PREFIX)) {
            throw new EngineException("refusing to delete " + namespace + ": not a session namespace");
        }
        SessionRecords.close(client, namespace.substring(SessionNamespaces.PREFIX.length()));
    }
}
