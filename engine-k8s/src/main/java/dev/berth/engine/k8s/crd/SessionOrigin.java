package dev.berth.engine.k8s.crd;

/**
 * Who opened a session: a client of the GraphQL API, a Pipeline, or Java code through
 * {@code KubernetesEngine.openSession()} (closed by that code; never expired by the operator).
 */
public enum SessionOrigin {
    Api,
    Pipeline,
    Engine
}
