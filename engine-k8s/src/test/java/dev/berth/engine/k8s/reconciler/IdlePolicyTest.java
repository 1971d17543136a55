package dev.berth.engine.k8s.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.engine.k8s.crd.InstancePhase;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdlePolicyTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:30Z");
    private static final Duration GRACE = Duration.ofSeconds(10);

    @Test
    void usedInstanceIsKeptAndNotIdle() {
        var d = IdlePolicy.decide(false, 2, InstancePhase.READY, Optional.of("2026-01-01T00:00:00Z"), NOW, GRACE);
        assertFalse(d.delete());
        assertEquals(Optional.empty(), d.idleSince(), "a use clears idleSince");
        assertEquals(Optional.of(IdlePolicy.IN_USE_RECHECK), d.recheckIn());
    }

    @Test
    void pinnedInstanceIsNeverCollected() {
        var d = IdlePolicy.decide(true, 0, InstancePhase.READY, Optional.of("2026-01-01T00:00:00Z"), NOW, GRACE);
        assertFalse(d.delete());
        assertEquals(Optional.empty(), d.idleSince());
        assertEquals(Optional.empty(), d.recheckIn());
    }

    @Test
    void startingInstanceIsNotCollected() {
        var d = IdlePolicy.decide(false, 0, InstancePhase.STARTING, Optional.empty(), NOW, GRACE);
        assertFalse(d.delete());
        assertEquals(Optional.empty(), d.idleSince());
    }

    @Test
    void firstIdleObservationStartsTheGracePeriod() {
        var d = IdlePolicy.decide(false, 0, InstancePhase.READY, Optional.empty(), NOW, GRACE);
        assertFalse(d.delete());
        assertEquals(Optional.of(NOW), d.idleSince());
        assertEquals(Optional.of(GRACE), d.recheckIn());
    }

    @Test
    void rescheduledForTheRemainderOfTheGracePeriod() {
        var d = IdlePolicy.decide(false, 0, InstancePhase.READY, Optional.of("2026-01-01T00:00:26Z"), NOW, GRACE);
        assertFalse(d.delete());
        assertEquals(Optional.of(Duration.ofSeconds(6)), d.recheckIn());
    }

    @Test
    void deletedOnceIdleForTheGracePeriod() {
        assertTrue(IdlePolicy.decide(false, 0, InstancePhase.READY, Optional.of("2026-01-01T00:00:20Z"), NOW, GRACE)
                .delete());
        assertTrue(IdlePolicy.decide(false, 0, InstancePhase.EXITED, Optional.of("2026-01-01T00:00:19Z"), NOW, GRACE)
                .delete(), "an exited instance is collected too");
    }

    @Test
    void unreadableTimestampRestartsTheGracePeriod() {
        var d = IdlePolicy.decide(false, 0, InstancePhase.READY, Optional.of("yesterday"), NOW, GRACE);
        assertEquals(Optional.of(NOW), d.idleSince());
    }
}
