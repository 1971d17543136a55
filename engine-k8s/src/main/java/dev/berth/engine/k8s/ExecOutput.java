package dev.berth.engine.k8s;

import java.util.List;

/** What one {@code withExec} produced: stdout and stderr kept apart, and its exit code. */
public record ExecOutput(List<String> args, int exitCode, String stdout, String stderr) {

    public ExecOutput {
        args = List.copyOf(args);
    }
}
