package dev.berth.engine.k8s.reconciler;

import dev.berth.engine.k8s.crd.InstancePhase;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The standard Ready condition; its transition time moves only when its status changes. */
public final class ReadyCondition {

    public static final String TYPE = "Ready";

    private ReadyCondition() {
    }

    public static List<Condition> update(List<Condition> previous, InstancePhase phase, String message,
            Long generation, Instant now) {
        String status = phase == InstancePhase.READY ? "True" : "False";
        Condition old = find(previous);
        String transition = old != null && Objects.equals(old.getStatus(), status) && old.getLastTransitionTime() != null
                ? old.getLastTransitionTime() : now.toString();
        List<Condition> out = new ArrayList<>();
        if (previous != null) {
            previous.stream().filter(c -> !TYPE.equals(c.getType())).forEach(out::add);
        }
        out.add(new ConditionBuilder().withType(TYPE).withStatus(status).withReason(phase.reason())
                .withMessage(message).withObservedGeneration(generation).withLastTransitionTime(transition).build());
        return out;
    }

    public static Condition find(List<Condition> conditions) {
        return conditions == null ? null
                : conditions.stream().filter(c -> TYPE.equals(c.getType())).findFirst().orElse(null);
    }
}
