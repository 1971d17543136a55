package dev.berth.e2e;

import dev.berth.engine.k8s.EngineConfig;
import dev.berth.engine.k8s.KubernetesEngine;
import dev.berth.engine.k8s.crd.RunnerDelivery;
import dev.berth.engine.k8s.reconciler.ServiceInstanceReconciler;
import dev.berth.engine.k8s.session.ExecReports;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

/**
 * One JOSDK Operator per test JVM, running Berth's ServiceInstance reconciler against the real
 * cluster (two operators would both reconcile every instance). The CRD is installed from the
 * engine jar, where the fabric8 CRD generator put it, so the tests always use the current one.
 */
public final class BerthTestOperator {

    /** Dagger's grace period; the grace test measures against it. */
    static final Duration GRACE_PERIOD = Duration.ofSeconds(10);
    /**
     * Shorter than Berth's 120 s so that the pull test is quick; nothing else here pulls (every
     * image is on the node already).
     */
    static final Duration IMAGE_PULL_DEADLINE = Duration.ofSeconds(15);

    private static BerthTestOperator instance;

    private final E2eCluster cluster;
    private final Operator operator;
    private final KubernetesEngine engine;
    private final ExecReports reports;

    private BerthTestOperator(E2eCluster cluster) {
        this.cluster = cluster;
        Crds.installServiceInstances(cluster.client());
        operator = new Operator(o -> o.withKubernetesClient(cluster.client()).withCloseClientOnStop(false));
        operator.register(new ServiceInstanceReconciler(GRACE_PERIOD, IMAGE_PULL_DEADLINE));
        operator.start();
        try {
            // Exec pods post their results here, at this machine's address on the pod network.
            String node = E2eCluster.nodeAddress(cluster.client());
            reports = ExecReports.start(new InetSocketAddress(node, 0), URI.create("http://" + node + ":0"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        engine = new KubernetesEngine(cluster.client(), config(), reports);
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "berth-test-operator-stop"));
    }

    /**
     * The engine settings of these tests; outside the cluster, so no operator namespace (session
     * namespaces admit only their own pods).
     */
    static EngineConfig config() {
        return EngineConfig.defaults().withGracePeriod(GRACE_PERIOD).withImagePullDeadline(IMAGE_PULL_DEADLINE)
                .withRunnerDelivery(RunnerDeliveryHolder.VALUE);
    }

    /** As the operator decides it (auto, unless BERTH_RUNNER_DELIVERY says otherwise); asked once. */
    private static final class RunnerDeliveryHolder {
        static final RunnerDelivery VALUE = decide();

        private static RunnerDelivery decide() {
            try (KubernetesClient client = new KubernetesClientBuilder().build()) {
                return RunnerDelivery.forCluster(
                        System.getenv().getOrDefault("BERTH_RUNNER_DELIVERY", RunnerDelivery.AUTO), client);
            }
        }
    }

    /** Starts the operator on first use. */
    public static synchronized BerthTestOperator get() {
        if (instance == null) {
            instance = new BerthTestOperator(E2eCluster.connect());
        }
        return instance;
    }

    public KubernetesEngine engine() {
        return engine;
    }

    /** Where the engine's exec pods post their results. */
    public ExecReports reports() {
        return reports;
    }

    public KubernetesClient client() {
        return cluster.client();
    }

    public E2eCluster cluster() {
        return cluster;
    }

    private void shutdown() {
        try {
            reports.close();
            operator.stop();
        } finally {
            cluster.close();
        }
    }
}
