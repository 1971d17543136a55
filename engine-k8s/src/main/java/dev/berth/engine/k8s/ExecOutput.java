package dev.berth.engine.k8s;

import java.util.List;

/**
 * What one {@code withExec} produced: stdout and stderr kept apart, both interleaved in the order
 * they were written ({@code combined}, Dagger's {@code combinedOutput}), and its exit code.
 */
public record ExecOutput(List<String> args, int exitCode, String stdout, String stderr, String combined) {

    public ExecOutput {
        args = List.copyOf(args);
    }

    /** Without a record of the order: stdout, then stderr. */
    public ExecOutput(List<String> args, int exitCode, String stdout, String stderr) {
        this(args, exitCode, stdout, stderr, stdout + stderr);
    }
}
