package dev.berth.cli.module;

import dev.berth.module.processor.ValueKind;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What can follow a function returning a Service or Container on the command line, as in
 * {@code dagger call http-service up --ports 9000:8080}: the verb, the type it applies to, its
 * flags and what it leaves for the next verb.
 */
enum ChainVerb {
    SERVICE_UP(ValueKind.SERVICE, "up", ValueKind.VOID, "expose the service on this machine until Ctrl-C",
            Map.of("ports", ValueKind.STRING_LIST, "random", ValueKind.BOOLEAN)),
    SERVICE_ENDPOINT(ValueKind.SERVICE, "endpoint", ValueKind.STRING, "print the service's address",
            Map.of("port", ValueKind.INT, "scheme", ValueKind.STRING)),
    SERVICE_HOSTNAME(ValueKind.SERVICE, "hostname", ValueKind.STRING, "print the service's hostname", Map.of()),
    SERVICE_START(ValueKind.SERVICE, "start", ValueKind.SERVICE, "start the service and wait for its health check",
            Map.of()),
    SERVICE_STOP(ValueKind.SERVICE, "stop", ValueKind.SERVICE, "stop the service", Map.of("kill", ValueKind.BOOLEAN)),
    CONTAINER_UP(ValueKind.CONTAINER, "up", ValueKind.VOID,
            "run the container as a service exposed on this machine until Ctrl-C",
            Map.of("ports", ValueKind.STRING_LIST, "random", ValueKind.BOOLEAN)),
    CONTAINER_STDOUT(ValueKind.CONTAINER, "stdout", ValueKind.STRING, "print the last command's output", Map.of()),
    CONTAINER_STDERR(ValueKind.CONTAINER, "stderr", ValueKind.STRING, "print the last command's error output",
            Map.of()),
    CONTAINER_SYNC(ValueKind.CONTAINER, "sync", ValueKind.CONTAINER, "run the container's commands", Map.of());

    final ValueKind on;
    final String word;
    final ValueKind leaves;
    final String description;
    final Map<String, ValueKind> flags;

    ChainVerb(ValueKind on, String word, ValueKind leaves, String description, Map<String, ValueKind> flags) {
        this.on = on;
        this.word = word;
        this.leaves = leaves;
        this.description = description;
        this.flags = new LinkedHashMap<>(flags);
    }

    static Optional<ChainVerb> find(ValueKind on, String word) {
        return Arrays.stream(values()).filter(v -> v.on == on && v.word.equals(word)).findFirst();
    }

    static List<String> wordsFor(ValueKind on) {
        return Arrays.stream(values()).filter(v -> v.on == on).map(v -> v.word).toList();
    }
}
