package dev.berth.engine.k8s.crd;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Standard conditions ({@code metav1.Condition}) of Berth's resources, the one helper for both
 * ServiceInstances and Pipelines: a condition's {@code lastTransitionTime} moves only when its
 * status changes, and is written in {@link Timestamps}' format.
 */
public final class Conditions {

    public static final String READY = "Ready";
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    private Conditions() {
    }

    /**
     * {@code previous} with the condition of {@code type} set to the given values; the others are
     * kept in their order, a new type is appended.
     */
    public static List<Condition> set(List<Condition> previous, String type, String status, String reason,
            String message, Long generation, Instant now) {
        Condition old = find(previous, type);
        String since = old != null && Objects.equals(old.getStatus(), status) && old.getLastTransitionTime() != null
                ? old.getLastTransitionTime() : Timestamps.format(now);
        Condition updated = new ConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message).withObservedGeneration(generation).withLastTransitionTime(since).build();
        List<Condition> out = new ArrayList<>();
        boolean replaced = false;
        if (previous != null) {
            for (Condition c : previous) {
                if (type.equals(c.getType())) {
                    out.add(updated);
                    replaced = true;
                } else {
                    out.add(c);
                }
            }
        }
        if (!replaced) {
            out.add(updated);
        }
        return out;
    }

    public static Condition find(List<Condition> conditions, String type) {
        return conditions == null ? null
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    /** Same conditions in the same order, field by field (what a status patch would change). */
    public static boolean same(List<Condition> a, List<Condition> b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Condition x = a.get(i);
            Condition y = b.get(i);
            if (!Objects.equals(x.getType(), y.getType()) || !Objects.equals(x.getStatus(), y.getStatus())
                    || !Objects.equals(x.getReason(), y.getReason()) || !Objects.equals(x.getMessage(), y.getMessage())
                    || !Objects.equals(x.getObservedGeneration(), y.getObservedGeneration())
                    || !Objects.equals(x.getLastTransitionTime(), y.getLastTransitionTime())) {
                return false;
            }
        }
        return true;
    }
}
