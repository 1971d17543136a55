package dev.berth.operator.api.engine;

import java.util.Optional;

/**
 * What the API needs from the engine: opening sessions and finding those opened elsewhere. The
 * production bean is backed by {@link dev.berth.engine.k8s.KubernetesEngine} and the
 * {@code Session} resources; tests without a cluster replace it.
 */
public interface EngineGateway {

    /**
     * Creates a session (on Kubernetes: its Session resource, recording {@code tokenHash}, then
     * its namespace and NetworkPolicy).
     *
     * @param tokenHash SHA-256 of the session's token, lowercase hex
     * @param daggerVersion the Dagger version the client declared, kept in the record
     */
    EngineSession open(String tokenHash, String daggerVersion);

    /**
     * The open session whose token has this hash, opened by another operator replica or an
     * earlier run of this one; empty when there is none (never opened, or closed).
     */
    Optional<EngineSession> attach(String tokenHash);

    /** Closes a recorded API session this process does not hold; false when there is none. */
    boolean close(String id);
}
