package dev.berth.engine.model;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A command run as part of building a container.
 *
 * <p>It keeps the workdir and environment of the moment it was added, because in Dagger a later
 * {@code withEnvVariable} does not change what an earlier exec saw.
 *
 * @param args                 the argv; an explicit entrypoint is already prepended when asked for
 * @param prependImageEntrypoint the image's own entrypoint (unknown until pulled) goes in front
 * @param expect               which exit codes count as success
 * @param workdir              empty when the image's own workdir applies
 * @param env                  environment variables set by the definition, sorted by name
 * @param secretEnv            secret variables set by the definition, sorted by name (references only)
 * @param user                 the user it runs as ({@code withUser}); empty while the image's own applies
 * @param stdin                what the command reads on its standard input ("" : nothing)
 * @param redirectStdin        absolute path of a file fed to its standard input instead ("" : none)
 * @param redirectStdout       absolute path of a file its standard output is also written to ("" : none)
 * @param redirectStderr       absolute path of a file its standard error is also written to ("" : none)
 */
public record Exec(
        List<String> args,
        boolean prependImageEntrypoint,
        ReturnType expect,
        Optional<String> workdir,
        SortedMap<String, String> env,
        SortedMap<String, Secret> secretEnv,
        Optional<String> user,
        String stdin,
        String redirectStdin,
        String redirectStdout,
        String redirectStderr) implements Step {

    /** An exec with none of the options: Dagger's defaults. */
    public Exec(List<String> args, boolean prependImageEntrypoint, ReturnType expect, Optional<String> workdir,
            SortedMap<String, String> env, SortedMap<String, Secret> secretEnv) {
        this(args, prependImageEntrypoint, expect, workdir, env, secretEnv, Optional.empty(), "", "", "", "");
    }

    public Exec {
        args = List.copyOf(args);
        Checks.notNull(expect, "withExec.expect");
        Checks.notNull(workdir, "withExec.workdir");
        env = Collections.unmodifiableSortedMap(new TreeMap<>(env));
        secretEnv = Collections.unmodifiableSortedMap(new TreeMap<>(secretEnv));
        Checks.notNull(user, "withExec.user");
        Checks.notNull(stdin, "withExec.stdin");
        Checks.notNull(redirectStdin, "withExec.redirectStdin");
        Checks.notNull(redirectStdout, "withExec.redirectStdout");
        Checks.notNull(redirectStderr, "withExec.redirectStderr");
        if (!stdin.isEmpty() && !redirectStdin.isEmpty()) {
            throw new ValidationException("withExec.redirectStdin",
                    "cannot redirect stdin from \"" + redirectStdin + "\" when stdin is already set");
        }
    }

    void writeTo(CanonicalWriter out) {
        out.type("berth.dev/Exec/v1")
                .field("args").strings(args)
                .field("prependImageEntrypoint").bool(prependImageEntrypoint)
                .field("expect").string(expect.name())
                .field("workdir").optionalString(workdir.orElse(null))
                .field("env").stringMap(env);
        if (!secretEnv.isEmpty()) {
            out.field("secretEnv").list(secretEnv.entrySet(), (w, e) -> e.getValue().writeTo(w.string(e.getKey())));
        }
        // Each only when set, so execs without them keep their digests.
        if (user.isPresent()) {
            out.field("user").string(user.get());
        }
        optional(out, "stdin", stdin);
        optional(out, "redirectStdin", redirectStdin);
        optional(out, "redirectStdout", redirectStdout);
        optional(out, "redirectStderr", redirectStderr);
    }

    private static void optional(CanonicalWriter out, String field, String value) {
        if (!value.isEmpty()) {
            out.field(field).string(value);
        }
    }
}
