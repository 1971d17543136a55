package dev.berth.operator.pipeline;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The three standard conditions of a Pipeline, derived from its phase:
 *
 * <table>
 *   <tr><th>phase</th><th>Ready</th><th>Succeeded</th><th>Failed</th></tr>
 *   <tr><td>Pending, Running</td><td>False</td><td>Unknown</td><td>False</td></tr>
 *   <tr><td>Succeeded</td><td>True</td><td>True</td><td>False</td></tr>
 *   <tr><td>Failed</td><td>False</td><td>False</td><td>True</td></tr>
 * </table>
 *
 * <p>So {@code kubectl wait --for=condition=Ready pipeline/x} waits for success, and
 * {@code --for=condition=Failed} for failure. {@code lastTransitionTime} only moves when a
 * condition's status changes.
 */
public final class Conditions {

    public static final String READY = "Ready";
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";

    static final int MAX_MESSAGE_CHARS = 1024;

    private Conditions() {
    }

    public static List<Condition> update(List<Condition> previous, PipelinePhase phase, String reason, String message,
            long generation, Instant now) {
        String ready = phase == PipelinePhase.Succeeded ? "True" : "False";
        String succeeded = switch (phase) {
            case Succeeded -> "True";
            case Failed -> "False";
            default -> "Unknown";
        };
        String failed = phase == PipelinePhase.Failed ? "True" : "False";
        String text = BoundedText.head(message == null ? "" : message, MAX_MESSAGE_CHARS);
        List<Condition> out = new ArrayList<>();
        out.add(condition(previous, READY, ready, reason, text, generation, now));
        out.add(condition(previous, SUCCEEDED, succeeded, reason, text, generation, now));
        out.add(condition(previous, FAILED, failed, reason, text, generation, now));
        return out;
    }

    public static Condition find(List<Condition> conditions, String type) {
        if (conditions == null) {
            return null;
        }
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    private static Condition condition(List<Condition> previous, String type, String status, String reason,
            String message, long generation, Instant now) {
        Condition old = find(previous, type);
        String since = old != null && status.equals(old.getStatus()) && old.getLastTransitionTime() != null
                ? old.getLastTransitionTime() : Times.format(now);
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withObservedGeneration(generation).withLastTransitionTime(since).build();
    }

    static Condition copy(Condition c) {
        return new ConditionBuilder(c).build();
    }

    static boolean sameList(List<Condition> a, List<Condition> b) {
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
