package dev.berth.engine.k8s.reconciler;

import dev.berth.engine.k8s.crd.InstancePhase;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Dagger's grace period on Kubernetes: an instance nobody uses and nobody pinned is deleted once
 * it has been idle for the grace period. Pure, so the rules are unit-tested.
 *
 * <p>An instance still starting is never collected: the engine creates it before the client pod
 * that will use it (the client needs its address), and a slow start must not lose it.
 */
public final class IdlePolicy {

    /** How often an instance in use is recounted anyway, should a release event be missed. */
    static final Duration IN_USE_RECHECK = Duration.ofSeconds(60);

    /**
     * @param delete     delete the instance now
     * @param idleSince  what status.idleSince becomes (empty: not idle)
     * @param recheckIn  when to reconcile again without an event
     */
    public record Decision(boolean delete, Optional<Instant> idleSince, Optional<Duration> recheckIn) {
    }

    private IdlePolicy() {
    }

    public static Decision decide(boolean pinned, int users, InstancePhase phase, Optional<String> previousIdleSince,
            Instant now, Duration grace) {
        if (pinned || users > 0 || phase == InstancePhase.STARTING) {
            return new Decision(false, Optional.empty(), users > 0 ? Optional.of(IN_USE_RECHECK) : Optional.empty());
        }
        Instant idleSince = previousIdleSince.flatMap(IdlePolicy::parse).orElse(now);
        Duration idleFor = Duration.between(idleSince, now);
        if (idleFor.compareTo(grace) >= 0) {
            return new Decision(true, Optional.of(idleSince), Optional.empty());
        }
        return new Decision(false, Optional.of(idleSince), Optional.of(grace.minus(idleFor)));
    }

    private static Optional<Instant> parse(String timestamp) {
        try {
            return Optional.of(Instant.parse(timestamp));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
