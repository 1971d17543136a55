package dev.berth.engine.k8s.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A pod log written by berth-runner, taken apart: per step, its stdout, stderr (kept apart by the
 * runner) and exit code; the failure that stopped the chain, if any; and every line that was not
 * an event (a service's own output after the runner exec'd it, or the runner's fatal messages).
 */
public final class RunnerLog {

    /** Starts every event line (runner/main.go). */
    public static final String EVENT_PREFIX = "\u001eberth-event ";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Output and exit code of one exec step; exit code empty if it never finished. {@code combined}
     * is stdout and stderr interleaved in the order the runner read them (its events are ordered).
     */
    public record StepOutput(int index, String stdout, String stderr, Optional<Integer> exitCode, String combined) {

        /** Without a record of the order: stdout, then stderr. */
        public StepOutput(int index, String stdout, String stderr, Optional<Integer> exitCode) {
            this(index, stdout, stderr, exitCode, stdout + stderr);
        }
    }

    /** Why the chain stopped at step {@code index}: an unmet expectation (with a code) or an error. */
    public record Failure(int index, Optional<Integer> exitCode, String reason) {
    }

    private final Map<Integer, StepOutput> steps;
    private final Failure failure;
    private final boolean done;
    private final String otherOutput;

    private RunnerLog(Map<Integer, StepOutput> steps, Failure failure, boolean done, String otherOutput) {
        this.steps = steps;
        this.failure = failure;
        this.done = done;
        this.otherOutput = otherOutput;
    }

    public static RunnerLog parse(String log) {
        Map<Integer, Streams> streams = new TreeMap<>();
        Failure failure = null;
        boolean done = false;
        StringBuilder other = new StringBuilder();
        for (String line : (log == null ? "" : log).split("\n", -1)) {
            if (!line.startsWith(EVENT_PREFIX)) {
                if (!line.isEmpty()) {
                    other.append(line).append('\n');
                }
                continue;
            }
            JsonNode event;
            try {
                event = JSON.readTree(line.substring(EVENT_PREFIX.length()));
            } catch (IOException e) {
                other.append(line).append('\n'); // a truncated event: keep it visible
                continue;
            }
            int index = event.path("i").asInt();
            Optional<Integer> code = event.hasNonNull("code") ? Optional.of(event.get("code").asInt()) : Optional.empty();
            switch (event.path("t").asText()) {
                case "start" -> streams.computeIfAbsent(index, k -> new Streams());
                case "out" -> streams.computeIfAbsent(index, k -> new Streams()).out(data(event));
                case "err" -> streams.computeIfAbsent(index, k -> new Streams()).err(data(event));
                case "exit" -> streams.computeIfAbsent(index, k -> new Streams()).exitCode = code;
                case "fail" -> failure = new Failure(index, code, event.path("reason").asText(""));
                case "done" -> done = true;
                default -> other.append(line).append('\n');
            }
        }
        Map<Integer, StepOutput> steps = new TreeMap<>();
        streams.forEach((index, s) -> steps.put(index, new StepOutput(index,
                s.stdout.toString(StandardCharsets.UTF_8), s.stderr.toString(StandardCharsets.UTF_8), s.exitCode,
                s.combined.toString(StandardCharsets.UTF_8))));
        return new RunnerLog(steps, failure, done, other.toString());
    }

    /** The exec at plan step {@code index}, if it started. */
    public Optional<StepOutput> step(int index) {
        return Optional.ofNullable(steps.get(index));
    }

    public Optional<Failure> failure() {
        return Optional.ofNullable(failure);
    }

    /** Every step succeeded (a service command, if any, was then started). */
    public boolean done() {
        return done;
    }

    /** Lines that were not events, e.g. the service's own output. */
    public String otherOutput() {
        return otherOutput;
    }

    /** Everything in reading order of kind: step outputs, the failure, then other output. */
    public String readable() {
        StringBuilder out = new StringBuilder();
        steps.values().forEach(s -> out.append(s.stdout()).append(s.stderr()));
        if (failure != null) {
            out.append("berth-runner: step ").append(failure.index()).append(": ").append(failure.reason()).append('\n');
        }
        return out.append(otherOutput).toString();
    }

    private static byte[] data(JsonNode event) {
        String d = event.path("d").asText("");
        try {
            return Base64.getDecoder().decode(d);
        } catch (IllegalArgumentException e) {
            return d.getBytes(StandardCharsets.UTF_8);
        }
    }

    private static final class Streams {
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        final ByteArrayOutputStream combined = new ByteArrayOutputStream();
        Optional<Integer> exitCode = Optional.empty();

        void out(byte[] data) {
            stdout.writeBytes(data);
            combined.writeBytes(data);
        }

        void err(byte[] data) {
            stderr.writeBytes(data);
            combined.writeBytes(data);
        }
    }
}
