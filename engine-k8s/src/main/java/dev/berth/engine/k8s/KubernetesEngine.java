package dev.berth.engine.k8s;

import dev.berth.engine.k8s.session.ExecReports;
import dev.berth.engine.k8s.session.SessionNamespaces;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.SecureRandom;
import java.util.Map;
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

    public KubernetesEngine(KubernetesClient client, EngineConfig config) {
        this(client, config, null);
    }

    /**
     * @param reports where exec pods post their results when they end (faster than waiting for the
     *                pod status), or null to learn them from the pod status and log only
     */
    public KubernetesEngine(KubernetesClient client, EngineConfig config, ExecReports reports) {
        this.client = Objects.requireNonNull(client);
        this.config = Objects.requireNonNull(config);
        this.reports = reports;
    }

    public EngineConfig config() {
        return config;
    }

    /** Creates the session's namespace and NetworkPolicy. */
    public Session openSession() {
        return openSession(Map.of());
    }

    /** As {@link #openSession()}, with extra labels on the namespace (who holds the session, say). */
    public Session openSession(Map<String, String> namespaceLabels) {
        String id = newSessionId();
        SessionNamespaces.create(client, id, namespaceLabels, config.operatorNamespace());
        return new Session(client, id, config, reports);
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
