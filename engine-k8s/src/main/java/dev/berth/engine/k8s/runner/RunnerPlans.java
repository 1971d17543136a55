package dev.berth.engine.k8s.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.CopyIn;
import dev.berth.engine.model.Exec;
import dev.berth.engine.model.NewFile;
import dev.berth.engine.model.Secret;
import dev.berth.engine.model.SecretMount;
import dev.berth.engine.model.Service;
import dev.berth.engine.model.Step;
import dev.berth.engine.model.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/** Turns a container's steps (and a service's command) into a {@link RunnerPlan}. */
public final class RunnerPlans {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunnerPlans() {
    }

    /** Prefix of the pod variables that carry session Secrets to the runner. */
    public static final String SECRET_VAR_PREFIX = "BERTH_SECRET_";

    /** The pod's directory for delivered files (an emptyDir) and where the runner finds them. */
    public static final String FILES_DIR = "/.berth-files";
    public static final String RECEIVE_DIR = FILES_DIR + "/in";
    public static final String HOLD_STATUS = FILES_DIR + "/status";

    /** Where copy {@code index} of a plan is staged: {@code <n>/} for a directory, {@code <n>/file}. */
    public static String stagedPrefix(int index) {
        return Integer.toString(index);
    }

    public static String stagedFile(int index) {
        return index + "/file";
    }

    /**
     * True when files or execs must run before (or instead of) the main command, or the command
     * runs as another user (the runner resolves it in the image and switches to it).
     */
    public static boolean needsRunner(Container container) {
        return !container.steps().isEmpty() || container.user().isPresent();
    }

    /**
     * Whether a service's pod starts it through the runner: steps or a user need it, and so do
     * secrets when the command is known, so that what the service prints is scrubbed (the runner
     * stays its parent). One running the image's own ENTRYPOINT/CMD with secrets is started by
     * Kubernetes itself, its log unscrubbed: the runner cannot know that command.
     */
    public static boolean runsThroughRunner(Service service) {
        Container container = service.container();
        boolean secrets = !container.secretVariables().isEmpty() || !container.mountedSecrets().isEmpty();
        return needsRunner(container) || (secrets && service.command().fullArgv().isPresent());
    }

    /** The plan's user: Dagger's empty user is root (runc reads "" as uid 0); absent: the runner's own. */
    static String runnerUser(java.util.Optional<String> user) {
        return user.map(u -> u.isEmpty() ? "0" : u).orElse(null);
    }

    /**
     * The pod variable ({@code BERTH_SECRET_<n>}) that carries each session Secret a runner pod
     * uses, by Kubernetes Secret name: one per distinct secret, whichever names the user gave it, so
     * an exec sees exactly the secret variables of its moment in the chain.
     */
    public static SortedMap<String, String> secretCarriers(Container container) {
        TreeSet<String> secrets = new TreeSet<>();
        container.secretVariables().values().forEach(s -> secrets.add(s.kubeName()));
        container.execs().forEach(e -> e.secretEnv().values().forEach(s -> secrets.add(s.kubeName())));
        SortedMap<String, String> out = new TreeMap<>();
        int i = 0;
        for (String secret : secrets) {
            out.put(secret, SECRET_VAR_PREFIX + i++);
        }
        return out;
    }

    /** Every step of {@code container} in order; the pod's env is the container's final env. */
    public static RunnerPlan forSteps(Container container) {
        RunnerPlan plan = new RunnerPlan();
        plan.setManagedEnv(new ArrayList<>(container.envVariables().keySet()));
        SortedMap<String, String> carriers = secretCarriers(container);
        int copies = 0;
        for (Step step : container.steps()) {
            if (step instanceof CopyIn copy) {
                String staged = copy.isDirectory() ? stagedPrefix(copies) : stagedFile(copies);
                plan.getSteps().add(RunnerPlan.Step.of(new RunnerPlan.Copy(RECEIVE_DIR + "/" + staged, copy.path())));
                copies++;
            } else {
                plan.getSteps().add(toStep(step, container.envVariables(), carriers));
            }
        }
        if (copies > 0) {
            plan.setReceive(RECEIVE_DIR);
        }
        plan.setSecretFiles(container.mountedSecrets().stream().map(SecretMount::path).toList());
        return plan;
    }

    static List<RunnerPlan.SecretVar> secretVars(SortedMap<String, Secret> secretEnv, Map<String, String> carriers) {
        List<RunnerPlan.SecretVar> out = new ArrayList<>();
        secretEnv.forEach((name, secret) -> out.add(new RunnerPlan.SecretVar(name, carriers.get(secret.kubeName()))));
        return out;
    }

    /**
     * The service's steps, then its command. The runner must execve() a full argv, so a service
     * running the image's own ENTRYPOINT/CMD (unknown to Berth: images are not inspected) cannot
     * have files or execs before it.
     */
    public static RunnerPlan forService(Service service) {
        List<String> argv = service.command().fullArgv().orElseThrow(() -> new ValidationException("asService.args",
                "the service runs the image's own ENTRYPOINT/CMD, which Berth does not know, and has files or"
                        + " execs that must run before it, or a user (withUser) to run it as; give the command"
                        + " explicitly (asService(args) or withEntrypoint/withDefaultArgs)"));
        Container container = service.container();
        RunnerPlan plan = forSteps(container);
        RunnerPlan.Command command = new RunnerPlan.Command();
        command.setArgs(argv);
        command.setEnv(explicitEnv(container.envVariables()));
        command.setSecretEnv(secretVars(container.secretVariables(), secretCarriers(container)));
        command.setWorkdir(container.workdir().orElse(null));
        command.setUser(runnerUser(container.user()));
        plan.setService(command);
        return plan;
    }

    public static String toJson(RunnerPlan plan) {
        try {
            return JSON.writeValueAsString(plan);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("runner plan is not serialisable", e);
        }
    }

    private static RunnerPlan.Step toStep(Step step, SortedMap<String, String> podEnv,
            Map<String, String> carriers) {
        if (step instanceof NewFile file) {
            String contents = Base64.getEncoder().encodeToString(file.contents().getBytes(StandardCharsets.UTF_8));
            return RunnerPlan.Step.of(new RunnerPlan.File(file.path(), contents, file.permissions()));
        }
        Exec exec = (Exec) step;
        if (exec.prependImageEntrypoint()) {
            throw new ValidationException("withExec.useEntrypoint",
                    "the image's own ENTRYPOINT is unknown to Berth (images are not inspected); set it with"
                            + " withEntrypoint before withExec(useEntrypoint: true)");
        }
        RunnerPlan.Exec out = new RunnerPlan.Exec();
        out.setArgs(exec.args());
        // Inherit when the exec saw the final env: it then also keeps the image's own variables.
        out.setEnv(exec.env().equals(podEnv) ? null : explicitEnv(exec.env()));
        out.setSecretEnv(secretVars(exec.secretEnv(), carriers));
        out.setWorkdir(exec.workdir().orElse(null));
        out.setExpect(exec.expect().name());
        out.setUser(runnerUser(exec.user()));
        if (!exec.stdin().isEmpty()) {
            out.setStdin(Base64.getEncoder().encodeToString(exec.stdin().getBytes(StandardCharsets.UTF_8)));
        }
        out.setRedirectStdin(emptyToNull(exec.redirectStdin()));
        out.setRedirectStdout(emptyToNull(exec.redirectStdout()));
        out.setRedirectStderr(emptyToNull(exec.redirectStderr()));
        return RunnerPlan.Step.of(out);
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    /** The variables Berth sets, laid by the runner over the image's own environment. */
    static List<String> explicitEnv(Map<String, String> env) {
        List<String> out = new ArrayList<>();
        env.forEach((name, value) -> out.add(name + "=" + value));
        return out;
    }
}
