package dev.berth.engine.k8s.runner;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * What berth-runner does, in the JSON shape of its {@code BERTH_PLAN} (runner/main.go): ordered
 * steps (files and execs), then optionally execve() of the service command.
 *
 * <p>Env semantics follow the runner: a command whose {@code env} is absent inherits the
 * container's environment (the image's env plus the pod's); a present list is laid over the
 * container's environment minus the {@code managedEnv} names, so the image's own variables stay.
 *
 * <p>Plans travel inside ServiceInstance specs, so an operator must read plans written by a newer
 * one (during an upgrade) without failing its watch: unknown fields are ignored.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class RunnerPlan {

    private List<Step> steps = new ArrayList<>();
    private Command service;
    private List<String> managedEnv;
    private List<String> await;
    private List<String> secretFiles;
    private String receive;
    private String hold;

    /**
     * Where the engine delivers the files of the plan's copy steps (docs/files.md): the runner
     * waits for {@code receive + ".complete"} before its first step. Null: nothing to wait for.
     */
    public String getReceive() {
        return receive;
    }

    public void setReceive(String receive) {
        this.receive = receive;
    }

    /**
     * Where the runner writes its exit code once the steps are done, then waits to be deleted: the
     * engine reads the container's files meanwhile ({@code berth-runner send}). Null: exit.
     */
    public String getHold() {
        return hold;
    }

    public void setHold(String hold) {
        this.hold = hold;
    }

    /**
     * {@code ip:port} of each bound service's health-checked ports: the runner starts its steps
     * once it can connect to every one from this pod. Berth saw them accept from the operator, but
     * a new pod may need a moment before the network lets it through (a CNI programs its
     * NetworkPolicy for the pod's fresh IP after the pod appears).
     */
    public List<String> getAwait() {
        return await;
    }

    public void setAwait(List<String> await) {
        this.await = await == null || await.isEmpty() ? null : await;
    }

    /**
     * Paths of the files mounted from session Secrets: the runner reads them to scrub their values
     * from the commands' output (only paths travel in the plan, never values).
     */
    public List<String> getSecretFiles() {
        return secretFiles;
    }

    public void setSecretFiles(List<String> secretFiles) {
        this.secretFiles = secretFiles == null || secretFiles.isEmpty() ? null : secretFiles;
    }

    /** Names of the variables Berth set on the container (its final env). */
    public List<String> getManagedEnv() {
        return managedEnv;
    }

    public void setManagedEnv(List<String> managedEnv) {
        this.managedEnv = managedEnv;
    }

    public List<Step> getSteps() {
        return steps;
    }

    public void setSteps(List<Step> steps) {
        this.steps = steps == null ? new ArrayList<>() : steps;
    }

    public Command getService() {
        return service;
    }

    public void setService(Command service) {
        this.service = service;
    }

    /** Exactly one of {@code file}, {@code copy} and {@code exec}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Step {
        private File file;
        private Copy copy;
        private Exec exec;

        public static Step of(Copy copy) {
            Step step = new Step();
            step.copy = copy;
            return step;
        }

        public Copy getCopy() {
            return copy;
        }

        public void setCopy(Copy copy) {
            this.copy = copy;
        }

        public static Step of(File file) {
            Step step = new Step();
            step.file = file;
            return step;
        }

        public static Step of(Exec exec) {
            Step step = new Step();
            step.exec = exec;
            return step;
        }

        public File getFile() {
            return file;
        }

        public void setFile(File file) {
            this.file = file;
        }

        public Exec getExec() {
            return exec;
        }

        public void setExec(Exec exec) {
            this.exec = exec;
        }
    }

    /** Delivered files to place: a directory's contents merged into {@code to}, or a file put there. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Copy {
        private String from;
        private String to;

        public Copy() {
        }

        public Copy(String from, String to) {
            this.from = from;
            this.to = to;
        }

        public String getFrom() {
            return from;
        }

        public void setFrom(String from) {
            this.from = from;
        }

        public String getTo() {
            return to;
        }

        public void setTo(String to) {
            this.to = to;
        }
    }

    /** A file to write; contents base64, mode the permission bits. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class File {
        private String path;
        private String contents;
        private int mode;

        public File() {
        }

        public File(String path, String contents, int mode) {
            this.path = path;
            this.contents = contents;
            this.mode = mode;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public String getContents() {
            return contents;
        }

        public void setContents(String contents) {
            this.contents = contents;
        }

        public int getMode() {
            return mode;
        }

        public void setMode(int mode) {
            this.mode = mode;
        }
    }

    /** A command: argv, env as {@code K=V} (absent: inherit, see the class comment), workdir. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Command {
        private List<String> args = new ArrayList<>();
        private List<String> env;
        private List<SecretVar> secretEnv;
        private String workdir;
        private String user;

        /**
         * The user the runner runs the command as ({@code withUser}'s forms, resolved against the
         * image's /etc/passwd and /etc/group); absent: the runner's own, the image's USER.
         */
        public String getUser() {
            return user;
        }

        public void setUser(String user) {
            this.user = user;
        }

        /** Variables the runner sets from a pod variable holding a session Secret (absent: none). */
        public List<SecretVar> getSecretEnv() {
            return secretEnv;
        }

        public void setSecretEnv(List<SecretVar> secretEnv) {
            this.secretEnv = secretEnv == null || secretEnv.isEmpty() ? null : secretEnv;
        }

        public List<String> getArgs() {
            return args;
        }

        public void setArgs(List<String> args) {
            this.args = args;
        }

        public List<String> getEnv() {
            return env;
        }

        public void setEnv(List<String> env) {
            this.env = env;
        }

        public String getWorkdir() {
            return workdir;
        }

        public void setWorkdir(String workdir) {
            this.workdir = workdir;
        }
    }

    /** {@code name} gets the value of the pod's variable {@code from} (a {@code secretKeyRef}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class SecretVar {
        private String name;
        private String from;

        public SecretVar() {
        }

        public SecretVar(String name, String from) {
            this.name = name;
            this.from = from;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getFrom() {
            return from;
        }

        public void setFrom(String from) {
            this.from = from;
        }
    }

    /** An exec step: a command plus which exit codes count as success (SUCCESS, FAILURE, ANY). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Exec extends Command {
        private String expect;
        private String stdin;
        private String redirectStdin;
        private String redirectStdout;
        private String redirectStderr;

        /** Fed to the command's standard input, base64 (absent: /dev/null). */
        public String getStdin() {
            return stdin;
        }

        public void setStdin(String stdin) {
            this.stdin = stdin;
        }

        /** A file fed to the command's standard input instead (absent: none). */
        public String getRedirectStdin() {
            return redirectStdin;
        }

        public void setRedirectStdin(String redirectStdin) {
            this.redirectStdin = redirectStdin;
        }

        /** A file the command's stdout is also written to (created or truncated; absent: none). */
        public String getRedirectStdout() {
            return redirectStdout;
        }

        public void setRedirectStdout(String redirectStdout) {
            this.redirectStdout = redirectStdout;
        }

        /** A file the command's stderr is also written to (created or truncated; absent: none). */
        public String getRedirectStderr() {
            return redirectStderr;
        }

        public void setRedirectStderr(String redirectStderr) {
            this.redirectStderr = redirectStderr;
        }

        public String getExpect() {
            return expect;
        }

        public void setExpect(String expect) {
            this.expect = expect;
        }
    }
}
