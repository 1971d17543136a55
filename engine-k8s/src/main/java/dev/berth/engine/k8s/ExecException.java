package dev.berth.engine.k8s;

import java.util.List;

/** An exec's exit code did not meet its {@code expect}; carries what Dagger's error carries. */
public class ExecException extends EngineException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final List<String> command;
    private final String stdout;
    private final String stderr;

    public ExecException(List<String> command, int exitCode, String stdout, String stderr) {
        super(message(command, exitCode, stdout, stderr));
        this.exitCode = exitCode;
        this.command = List.copyOf(command);
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Dagger's wording: {@code process "sh -c exit 3" did not complete successfully: exit code: 3}. */
    static String message(List<String> command, int exitCode, String stdout, String stderr) {
        return "process \"" + String.join(" ", command) + "\" did not complete successfully: exit code: " + exitCode
                + "\n\nStdout:\n" + stdout + "\nStderr:\n" + stderr;
    }

    public int exitCode() {
        return exitCode;
    }

    public List<String> command() {
        return command;
    }

    public String stdout() {
        return stdout;
    }

    public String stderr() {
        return stderr;
    }
}
