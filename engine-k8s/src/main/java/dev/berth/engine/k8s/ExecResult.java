package dev.berth.engine.k8s;

import java.util.List;

/** The outputs of a container's exec chain, in order; the container's stdout is the last one's. */
public record ExecResult(List<ExecOutput> execs) {

    public ExecResult {
        execs = List.copyOf(execs);
    }

    public String stdout() {
        return execs.isEmpty() ? "" : last().stdout();
    }

    public String stderr() {
        return execs.isEmpty() ? "" : last().stderr();
    }

    /** The last exec's stdout and stderr in the order they were written. */
    public String combinedOutput() {
        return execs.isEmpty() ? "" : last().combined();
    }

    public int exitCode() {
        return execs.isEmpty() ? 0 : last().exitCode();
    }

    private ExecOutput last() {
        return execs.get(execs.size() - 1);
    }
}
