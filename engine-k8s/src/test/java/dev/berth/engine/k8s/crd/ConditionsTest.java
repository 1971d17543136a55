package dev.berth.engine.k8s.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

    /** Sub-second parts, as a real clock has them: they must not reach the resource. */
    private static final Instant T1 = Instant.parse("2026-01-02T03:04:05.123456789Z");
    private static final Instant T2 = Instant.parse("2026-01-02T03:05:06.987Z");

    @Test
    void transitionTimeIsRfc3339AtSecondPrecisionLikeKubernetes() {
        List<Condition> out = Conditions.set(List.of(), Conditions.READY, Conditions.FALSE, "Starting", "scheduling",
                1L, T1);
        assertEquals("2026-01-02T03:04:05Z", Conditions.find(out, Conditions.READY).getLastTransitionTime());
        assertEquals("2026-01-02T03:04:05Z", Timestamps.format(T1));
    }

    @Test
    void transitionTimeMovesOnlyWhenStatusChanges() {
        List<Condition> first = Conditions.set(List.of(), Conditions.READY, Conditions.FALSE, "Starting",
                "scheduling", 1L, T1);
        List<Condition> stillStarting = Conditions.set(first, Conditions.READY, Conditions.FALSE, "Starting",
                "probing", 1L, T2);
        Condition starting = Conditions.find(stillStarting, Conditions.READY);
        assertEquals("2026-01-02T03:04:05Z", starting.getLastTransitionTime());
        assertEquals("probing", starting.getMessage());

        List<Condition> ready = Conditions.set(stillStarting, Conditions.READY, Conditions.TRUE, "Ready", "ok", 2L, T2);
        Condition c = Conditions.find(ready, Conditions.READY);
        assertEquals(Conditions.TRUE, c.getStatus());
        assertEquals("Ready", c.getReason());
        assertEquals(2L, c.getObservedGeneration());
        assertEquals("2026-01-02T03:05:06Z", c.getLastTransitionTime());
    }

    @Test
    void otherConditionsKeepTheirPlaceAndNewTypesAreAppended() {
        Condition other = new ConditionBuilder().withType("Other").withStatus("True").build();
        List<Condition> withReady = Conditions.set(List.of(other), Conditions.READY, Conditions.FALSE, "Exited",
                "exit 1", 1L, T1);
        assertEquals(List.of("Other", "Ready"), withReady.stream().map(Condition::getType).toList());
        List<Condition> updated = Conditions.set(List.of(withReady.get(1), other), Conditions.READY, Conditions.TRUE,
                "Ready", "ok", 1L, T2);
        assertEquals(List.of("Ready", "Other"), updated.stream().map(Condition::getType).toList());
        assertEquals(other, updated.get(1));
    }

    @Test
    void sameComparesEveryFieldAPatchWouldChange() {
        List<Condition> a = Conditions.set(null, Conditions.READY, Conditions.FALSE, "Starting", "x", 1L, T1);
        assertTrue(Conditions.same(a, Conditions.set(a, Conditions.READY, Conditions.FALSE, "Starting", "x", 1L, T2)));
        assertFalse(Conditions.same(a, Conditions.set(a, Conditions.READY, Conditions.FALSE, "Starting", "y", 1L, T2)));
        assertFalse(Conditions.same(a, Conditions.set(a, Conditions.READY, Conditions.TRUE, "Starting", "x", 1L, T2)));
        assertFalse(Conditions.same(a, List.of()));
        assertTrue(Conditions.same(null, null));
    }
}
