package dev.berth.operator.pipeline;

import dev.berth.engine.k8s.EngineConfig;
import dev.berth.engine.k8s.EngineException;
import dev.berth.engine.k8s.ExecResult;
import dev.berth.engine.k8s.crd.SessionResource;
import dev.berth.engine.k8s.crd.SessionSpec;
import dev.berth.engine.k8s.session.ExecRunner;
import dev.berth.engine.k8s.session.SessionRecords;
import dev.berth.engine.k8s.session.ServiceInstances;
import dev.berth.engine.k8s.session.SessionNamespaces;
import dev.berth.engine.k8s.session.Waits;
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
import java.util.concurrent.ExecutorService;

/**
 * The sessions pipelines run in: {@code Session} resources of origin Pipeline (labelled with the
 * Pipeline's UID), each owning its namespace, opened or found again under an id derived from the
 * Pipeline ({@link SessionRecords#ensure}, {@link SessionNamespaces#ensure}).
 *
 * <p>A pipeline's session id is derived from its UID and generation, so the operator finds the
 * same namespace again after a restart, and a changed spec gets a fresh one. Steps run through
 * the engine's own {@link ExecRunner} and {@link ServiceInstances} (the classes behind
 * {@code Session.exec}): exec pods are named by the container's digest, so running a step again
 * in the same namespace attaches to the pod that is already running or done instead of running
 * the exec twice.
 */
public final class PipelineSessions {

    /** On session namespaces: the UID of the Pipeline that owns it. */
    public static final String PIPELINE_UID_LABEL = "berth.dev/pipeline-uid";
    /** On session namespaces: {@code <namespace>/<name>} of the Pipeline (names may exceed a label's 63). */
    public static final String PIPELINE_ANNOTATION = "berth.dev/pipeline";
    static final String ID_PREFIX = "pl";
    static final int ID_HASH_CHARS = 16;

    private final KubernetesClient client;
    private final EngineConfig config;
    private final ExecutorService executor;
    private final Waits waits;

    public PipelineSessions(KubernetesClient client, EngineConfig config, ExecutorService executor) {
        this.client = client;
        this.config = config;
        this.executor = executor;
        this.waits = new Waits(config.pollInterval());
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

    /**
     * Records the session (a Session of origin Pipeline) and creates its namespace and policy,
     * labelled with the Pipeline, or finds them there.
     */
    public void ensure(Pipeline pipeline, String sessionId) {
        String pipelineName = pipeline.getMetadata().getNamespace() + "/" + pipeline.getMetadata().getName();
        Map<String, String> labels = Map.of(PIPELINE_UID_LABEL, pipeline.getMetadata().getUid());
        SessionResource record = SessionRecords.ensure(client, sessionId, SessionSpec.pipeline(pipelineName), labels);
        SessionNamespaces.ensure(client, sessionId, labels, Map.of(PIPELINE_ANNOTATION, pipelineName),
                SessionRecords.ownerOf(record), config.operatorNamespace());
    }

    /**
     * Runs the container's exec in the session, or attaches to the run already there, also to one
     * that failed: its failure is reported again rather than the step run twice. (An exec pod
     * still behind its scheduling gate was left by an operator that stopped while starting its
     * services: the engine runs it afresh.) The caller guarantees that this process is not
     * running the same step.
     */
    public ExecResult exec(String namespace, Container container) {
        ServiceInstances services = new ServiceInstances(client, namespace, config, waits, executor,
                () -> dev.berth.engine.k8s.host.HostAgent.NONE);
        return new ExecRunner(client, namespace, config, waits, services, ExecRunner.FailedRuns.KEEP, null).run(container);
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
        SessionRecords.requestDelete(client, namespace.substring(SessionNamespaces.PREFIX.length()));
        client.namespaces().withName(namespace).delete();
    }
}
