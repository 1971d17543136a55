package dev.berth.operator.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One step's outcome. Output is bounded (see {@link BoundedText}); the flags say when it was cut. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StepStatus {

    private String name;
    private StepPhase phase;
    private Integer exitCode;
    @JsonPropertyDescription("The exec's stdout; only its last 8 KiB when stdoutTruncated.")
    private String stdout;
    private Boolean stdoutTruncated;
    @JsonPropertyDescription("The exec's stderr; only its last 8 KiB when stderrTruncated.")
    private String stderr;
    private Boolean stderrTruncated;
    @JsonPropertyDescription("Why the step could not run or failed, when that is not just its exit code.")
    private String message;
    private String startedAt;
    private String finishedAt;

    public StepStatus() {
    }

    public StepStatus(String name, StepPhase phase) {
        this.name = name;
        this.phase = phase;
    }

    /** A copy, so a status kept in memory is never changed behind the informer cache's back. */
    public StepStatus copy() {
        StepStatus c = new StepStatus(name, phase);
        c.exitCode = exitCode;
        c.stdout = stdout;
        c.stdoutTruncated = stdoutTruncated;
        c.stderr = stderr;
        c.stderrTruncated = stderrTruncated;
        c.message = message;
        c.startedAt = startedAt;
        c.finishedAt = finishedAt;
        return c;
    }

    /** Sets stdout, keeping at most {@link BoundedText#MAX_BYTES}. */
    public void recordStdout(String text) {
        BoundedText bounded = BoundedText.tail(text);
        stdout = bounded.text();
        stdoutTruncated = bounded.truncated() ? Boolean.TRUE : null;
    }

    /** Sets stderr, keeping at most {@link BoundedText#MAX_BYTES}. */
    public void recordStderr(String text) {
        BoundedText bounded = BoundedText.tail(text);
        stderr = bounded.text();
        stderrTruncated = bounded.truncated() ? Boolean.TRUE : null;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public StepPhase getPhase() {
        return phase;
    }

    public void setPhase(StepPhase phase) {
        this.phase = phase;
    }

    public Integer getExitCode() {
        return exitCode;
    }

    public void setExitCode(Integer exitCode) {
        this.exitCode = exitCode;
    }

    public String getStdout() {
        return stdout;
    }

    public void setStdout(String stdout) {
        this.stdout = stdout;
    }

    public Boolean getStdoutTruncated() {
        return stdoutTruncated;
    }

    public void setStdoutTruncated(Boolean stdoutTruncated) {
        this.stdoutTruncated = stdoutTruncated;
    }

    public String getStderr() {
        return stderr;
    }

    public void setStderr(String stderr) {
        this.stderr = stderr;
    }

    public Boolean getStderrTruncated() {
        return stderrTruncated;
    }

    public void setStderrTruncated(Boolean stderrTruncated) {
        this.stderrTruncated = stderrTruncated;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(String startedAt) {
        this.startedAt = startedAt;
    }

    public String getFinishedAt() {
        return finishedAt;
    }

    public void setFinishedAt(String finishedAt) {
        this.finishedAt = finishedAt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepStatus s && Objects.equals(name, s.name) && phase == s.phase
                && Objects.equals(exitCode, s.exitCode) && Objects.equals(stdout, s.stdout)
                && Objects.equals(stdoutTruncated, s.stdoutTruncated) && Objects.equals(stderr, s.stderr)
                && Objects.equals(stderrTruncated, s.stderrTruncated) && Objects.equals(message, s.message)
                && Objects.equals(startedAt, s.startedAt) && Objects.equals(finishedAt, s.finishedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, phase, exitCode, startedAt, finishedAt);
    }
}
