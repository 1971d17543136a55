package dev.berth.engine.k8s.render;

import java.util.List;

/**
 * Kubernetes expands {@code $(VAR)} in a container's command, args and env values, and reads
 * {@code $$} as a literal {@code $}. Doubling every {@code $} keeps any user string literal;
 * escaping only {@code $(} would not: {@code $$(X)} would become {@code $$$(X)} and still expand.
 */
public final class KubeEscaping {

    private KubeEscaping() {
    }

    public static String literal(String value) {
        return value == null ? null : value.replace("$", "$$");
    }

    public static List<String> literal(List<String> values) {
        return values == null ? null : values.stream().map(KubeEscaping::literal).toList();
    }
}
