package dev.berth.operator.api.engine;

/**
 * What the API needs from the engine: opening sessions. The production bean is backed by
 * {@link dev.berth.engine.k8s.KubernetesEngine}; tests without a cluster replace it.
 */
public interface EngineGateway {

    /** Creates a session (on Kubernetes: its namespace and NetworkPolicy). */
    EngineSession open();
}
