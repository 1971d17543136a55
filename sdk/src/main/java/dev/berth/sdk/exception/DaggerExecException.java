package dev.berth.sdk.exception;

import io.smallrye.graphql.client.GraphQLError;
import java.util.List;
import java.util.Map;

/**
 * A command run by the pipeline failed (an error whose {@code extensions._type} is
 * {@code EXEC_ERROR}): the command, its exit code and its output, as Dagger's Java SDK reports them.
 */
public class DaggerExecException extends DaggerQueryException {

    private final List<String> cmd;
    private final Integer exitCode;
    private final String stdOut;
    private final String stdErr;

    public DaggerExecException(List<GraphQLError> errors, Map<String, Object> extensions) {
        super(errors);
        this.cmd = extensions.get("cmd") instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
        this.exitCode = extensions.get("exitCode") instanceof Number n ? n.intValue() : null;
        this.stdOut = extensions.get("stdout") instanceof String s ? s : "";
        this.stdErr = extensions.get("stderr") instanceof String s ? s : "";
    }

    public Integer getExitCode() {
        return exitCode;
    }

    public List<String> getCmd() {
        return cmd;
    }

    public String getStdOut() {
        return stdOut;
    }

    public String getStdErr() {
        return stdErr;
    }

    @Override
    public String getMessage() {
        return super.getMessage() + " (command " + cmd + ", exit code " + exitCode + ", stderr: " + stdErr.strip() + ")";
    }
}
