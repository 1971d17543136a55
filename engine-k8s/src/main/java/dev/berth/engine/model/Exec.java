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
 */
public record Exec(
        List<String> args,
        boolean prependImageEntrypoint,
        ReturnType expect,
        Optional<String> workdir,
        SortedMap<String, String> env,
        SortedMap<String, Secret> secretEnv) implements Step {

    public Exec {
        args = List.copyOf(args);
        Checks.notNull(expect, "withExec.expect");
        Checks.notNull(workdir, "withExec.workdir");
        env = Collections.unmodifiableSortedMap(new TreeMap<>(env));
        secretEnv = Collections.unmodifiableSortedMap(new TreeMap<>(secretEnv));
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
    }
}
