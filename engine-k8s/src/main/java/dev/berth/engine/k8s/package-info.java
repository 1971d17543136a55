/**
 * The engine on Kubernetes: {@link dev.berth.engine.k8s.KubernetesEngine} opens a
 * {@link dev.berth.engine.k8s.Session} (namespace {@code berth-<id>} with an isolating
 * NetworkPolicy); the session runs exec chains in pods and services as {@code ServiceInstance}
 * resources, which {@link dev.berth.engine.k8s.reconciler.ServiceInstanceReconciler} turns into a
 * pod and a Kubernetes Service.
 *
 * <p>All state lives in the API server: users of an instance are its non-terminated client pods
 * (label {@code uses.berth.dev/<hostname>}) and the instances that bind it; the reconciler deletes
 * an unpinned instance once it has had no user for the grace period. Subpackages: {@code crd}
 * (the resource), {@code render} (pure model-to-Kubernetes mapping), {@code runner} (berth-runner
 * plans and logs), {@code reconciler}, {@code session} (the engine's waits and pod runs).
 */
package dev.berth.engine.k8s;
