package dev.berth.e2e;

import dev.berth.engine.k8s.EngineConfig;
import dev.berth.engine.k8s.Session;
import dev.berth.engine.k8s.crd.ServiceInstance;
import dev.berth.engine.model.CacheVolume;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Engine tests: the engine API against the real cluster, with the ServiceInstance reconciler
 * running in this JVM. Sessions opened here are closed (namespace deleted) after each test unless
 * BERTH_E2E_KEEP_NAMESPACES=true.
 */
abstract class EngineTestBase {

    protected BerthTestOperator berth;
    private final List<Session> sessions = new ArrayList<>();
    private Instant started;
    private String testName;

    @BeforeEach
    void startBerth(TestInfo info) {
        berth = BerthTestOperator.get();
        started = Instant.now();
        testName = info.getDisplayName();
    }

    @AfterEach
    void closeSessions() {
        if (started != null) {
            System.out.printf("[e2e] %s: %d s%n", testName, Duration.between(started, Instant.now()).toSeconds());
            started = null;
        }
        closeOpenSessions();
    }

    /** Idempotent; subclasses call it first when their own clean-up needs every pod gone. */
    protected void closeOpenSessions() {
        if (Boolean.parseBoolean(System.getenv("BERTH_E2E_KEEP_NAMESPACES"))) {
            return;
        }
        for (Session session : sessions) {
            session.close();
        }
        sessions.clear();
    }

    protected Session openSession() {
        Session session = berth.engine().openSession();
        sessions.add(session);
        return session;
    }

    protected KubernetesClient client() {
        return berth.client();
    }

    protected ServiceInstance instance(Session session, String hostname) {
        return client().resources(ServiceInstance.class).inNamespace(session.namespace()).withName(hostname).get();
    }

    protected Pod pod(Session session, String name) {
        return client().pods().inNamespace(session.namespace()).withName(name).get();
    }

    /** Closes the sessions, so no pod uses the cache any more, and removes its directory. */
    protected void removeCacheDirectory(CacheVolume cache) throws IOException {
        closeOpenSessions();
        deleteCacheDirectory(cache);
    }

    /**
     * Removes a cache volume's directory: the tests run on the cluster's only node, so its
     * hostPath is this machine's directory.
     */
    static void deleteCacheDirectory(CacheVolume cache) throws IOException {
        Path dir = Path.of(EngineConfig.DEFAULT_CACHE_BASE_DIR, cache.digest().hex());
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    protected String describe(Session session) {
        return berth.cluster().describeNamespace(session.namespace());
    }
}
