package dev.berth.engine.k8s.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.engine.k8s.crd.InstancePhase;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadyConditionTest {

    private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2026-01-01T00:01:00Z");

    @Test
    void transitionTimeMovesOnlyWhenStatusChanges() {
        List<Condition> first = ReadyCondition.update(List.of(), InstancePhase.STARTING, "scheduling", 1L, T1);
        List<Condition> stillStarting = ReadyCondition.update(first, InstancePhase.STARTING, "probing", 1L, T2);
        assertEquals(T1.toString(), ReadyCondition.find(stillStarting).getLastTransitionTime());
        assertEquals("probing", ReadyCondition.find(stillStarting).getMessage());

        List<Condition> ready = ReadyCondition.update(stillStarting, InstancePhase.READY, "ok", 2L, T2);
        Condition c = ReadyCondition.find(ready);
        assertEquals("True", c.getStatus());
        assertEquals("Ready", c.getReason());
        assertEquals(2L, c.getObservedGeneration());
        assertEquals(T2.toString(), c.getLastTransitionTime());
    }

    @Test
    void otherConditionsAreKept() {
        Condition other = new ConditionBuilder().withType("Other").withStatus("True").build();
        List<Condition> out = ReadyCondition.update(List.of(other), InstancePhase.EXITED, "exit 1", 1L, T1);
        assertEquals(2, out.size());
        assertEquals("False", ReadyCondition.find(out).getStatus());
        assertEquals("Exited", ReadyCondition.find(out).getReason());
    }
}
