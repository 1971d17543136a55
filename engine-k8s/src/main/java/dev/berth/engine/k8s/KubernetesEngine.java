package dev.berth.engine.k8s;

import dev.berth.engine.k8s.crd.SessionResource;
import dev.berth.engine.k8s.crd.SessionSpec;
import dev.berth.engine.k8s.session.ExecReports;
import dev.berth.engine.k8s.session.ExecRunner;
import dev.berth.engine.k8s.session.SessionRecords;
import io.fabric8.kubernetes.api.model.Namespace;
import dev.berth.engine.k8s.session.SessionNamespaces;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.SecureRandom;
import java.util.Map;
import dev.berth.engine.files.FileStore;
import java.util.Objects;

/**
 * Entry point of the engine on Kubernetes: opens sessions. The ServiceInstance reconciler
 * ({@code dev.berth.engine.k8s.reconciler}) must run somewhere (the operator, or a JOSDK
 * Operator in the same JVM) for services to start.
 */
public final class KubernetesEngine {

    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int ID_LENGTH = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KubernetesClient client;
    private final EngineConfig config;
    private final ExecReports reports;
    private final FileStore files;

    public KubernetesEngine(KubernetesClient client, EngineConfig config) {
        this(client, config, null);
    }

    /**
     * @param reports where exec pods post their results when they end (faster than waiting for the
     *                pod status), or null to learn them from the pod status and log only
     */
    public KubernetesEngine(KubernetesClient client, EngineConfig config, ExecReports reports) {
        this(client, config, reports, FileStore.processDefault());
    }

    /** @param files where directories and files of sessions are held (docs/files.md) */
    public KubernetesEngine(KubernetesClient client, EngineConfig config, ExecReports reports, FileStore files) {
        this.client = Objects.requireNonNull(client);
        this.config = Objects.requireNonNull(config);
        this.reports = reports;
        this.files = Objects.requireNonNull(files);
    }

    public FileStore files() {
        return files;
    }

    public EngineConfig config() {
        return config;
    }

    /**
     * Records a new session (a {@code Session} resource of origin Engine, closed by the caller)
     * and creates its namespace and NetworkPolicy.
     */
    public Session openSession() {
        return openSession(SessionSpec.engine(), Map.of());
    }

    /** As {@link #openSession()}, for the given origin, with extra labels on the Session and its namespace. */
    public Session openSession(SessionSpec spec, Map<String, String> labels) {
        String id = newSessionId();
        SessionResource record = SessionRecords.create(client, id, spec, labels);
        try {
            SessionNamespaces.create(client, id, labels, SessionRecords.ownerOf(record), config.operatorNamespace());
        } catch (RuntimeException e) {
            SessionRecords.requestDelete(client, id);
            throw e;
        }
        return new Session(client, id, config, reports, ExecRunner.FailedRuns.RUN_AGAIN, files);
    }

    /**
     * Records a session whose id is derived (a Pipeline's, from its UID and generation) and
     * creates its namespace and policy, or finds them there: the same every time for one id.
     * {@link #attachSession(String, ExecRunner.FailedRuns)} then runs in it.
     */
    public void ensureSession(String id, SessionSpec spec, Map<String, String> labels,
            Map<String, String> namespaceAnnotations) {
        SessionResource record = SessionRecords.ensure(client, id, spec, labels);
        SessionNamespaces.ensure(client, id, labels, namespaceAnnotations, SessionRecords.ownerOf(record),
                config.operatorNamespace());
    }

    /** As {@link #attachSession(String, ExecRunner.FailedRuns)}; a failed exec found there is run again. */
    public Session attachSession(String id) {
        return attachSession(id, ExecRunner.FailedRuns.RUN_AGAIN);
    }

    /**
     * A session opened earlier, by this process or another (an operator that stopped): its
     * services, exec pods and results are in its namespace, so it carries on where it was.
     * {@link Session#detach()} lets go of it without closing it.
     *
     * @param failedRuns whether a failed exec found in the session is run again (an API client
     *                   asking again) or its failure reported again (a Pipeline step, run once)
     * @throws EngineException when its namespace is gone or being deleted (the session was closed)
     */
    public Session attachSession(String id, ExecRunner.FailedRuns failedRuns) {
        Namespace namespace = client.namespaces().withName(SessionNamespaces.namespaceFor(id)).get();
        if (namespace == null || namespace.getMetadata().getDeletionTimestamp() != null) {
            throw new EngineException("session " + id + " is closed: its namespace "
                    + SessionNamespaces.namespaceFor(id) + (namespace == null ? " is gone" : " is being deleted"));
        }
        return new Session(client, id, config, reports, failedRuns, files);
    }

    /** Lowercase letters and digits, starting with a letter: usable in every Kubernetes name. */
    static String newSessionId() {
        StringBuilder id = new StringBuilder();
        id.append(ID_ALPHABET.charAt(RANDOM.nextInt(26)));
        while (id.length() < ID_LENGTH) {
            id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }
}
