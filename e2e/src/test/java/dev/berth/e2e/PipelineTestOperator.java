package dev.berth.e2e;

import dev.berth.operator.pipeline.PipelineReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;

/**
 * The Pipeline reconciler in a JOSDK Operator of its own, next to the ServiceInstance operator
 * of {@link BerthTestOperator} (the two reconcile different resources). The CRD is the committed
 * one, {@code crds/pipelines.berth.dev-v1.yml}, as {@code kubectl apply -f crds/} would install it.
 * {@link #restart()} replaces the operator the way a new operator pod would: nothing is carried
 * over in memory.
 */
public final class PipelineTestOperator {

    private static PipelineTestOperator instance;

    private final BerthTestOperator berth;
    private Operator operator;
    private PipelineReconciler reconciler;

    private PipelineTestOperator(BerthTestOperator berth) {
        this.berth = berth;
        Crds.installPipelines(berth.client());
        start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "berth-pipeline-operator-stop"));
    }

    public static synchronized PipelineTestOperator get() {
        if (instance == null) {
            instance = new PipelineTestOperator(BerthTestOperator.get());
        }
        return instance;
    }

    public KubernetesClient client() {
        return berth.client();
    }

    public E2eCluster cluster() {
        return berth.cluster();
    }

    /** Stops the operator (its in-flight steps are abandoned) and starts a new one. */
    public synchronized void restart() {
        restartAfter(() -> { });
    }

    /** As {@link #restart()}, running {@code whileStopped} while no operator runs. */
    public synchronized void restartAfter(Runnable whileStopped) {
        stop();
        try {
            whileStopped.run();
        } finally {
            start();
        }
    }

    private synchronized void start() {
        reconciler = new PipelineReconciler(BerthTestOperator.config());
        operator = new Operator(o -> o.withKubernetesClient(berth.client()).withCloseClientOnStop(false));
        operator.register(reconciler);
        operator.start();
    }

    private synchronized void stop() {
        if (operator != null) {
            try {
                operator.stop();
            } finally {
                reconciler.close();
                operator = null;
            }
        }
    }
}
