package dev.berth.engine.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * An immutable container definition, built like Dagger's {@code Container}: every
 * {@code with*} call validates its arguments and returns a new instance.
 *
 * <p>The state is kept in canonical form (normalised image address and paths, env and bindings
 * and mounts sorted, file runs collapsed), so two definitions that mean the same thing are equal
 * and share a digest, while execs keep their order because Dagger's do. Exposed ports keep their
 * declaration order (Dagger reports them so) and are sorted only in the digest.
 */
public final class Container implements ContentAddressed {

    private static final String TYPE = "berth.dev/Container/v1";

    private final String image;
    /** Null while the image's own workdir applies. */
    private final String workdir;
    private final SortedMap<String, String> env;
    /** Null while the image's own ENTRYPOINT applies. */
    private final List<String> entrypoint;
    /** Null while the image's own CMD applies. */
    private final List<String> defaultArgs;
    private final List<Step> steps;
    private final List<ExposedPort> exposedPorts;
    private final List<ServiceBinding> bindings;
    private final List<CacheMount> mounts;
    /** Secret variables by name; kept apart from {@code env} so no value ever enters the definition. */
    private final SortedMap<String, Secret> secretEnv;
    private final List<SecretMount> secretMounts;
    /** Null while the image's own USER applies. */
    private final String user;

    private volatile Digest digest;

    private Container(Builder b) {
        this.image = b.image;
        this.workdir = b.workdir;
        this.env = Collections.unmodifiableSortedMap(new TreeMap<>(b.env));
        this.entrypoint = b.entrypoint == null ? null : List.copyOf(b.entrypoint);
        this.defaultArgs = b.defaultArgs == null ? null : List.copyOf(b.defaultArgs);
        this.steps = Steps.normalize(b.steps);
        // Declaration order, as Dagger reports them; the digest sorts them (order is not identity).
        this.exposedPorts = List.copyOf(b.exposedPorts);
        this.bindings = sorted(b.bindings, Comparator.comparing(ServiceBinding::alias));
        this.mounts = sorted(b.mounts, Comparator.comparing(CacheMount::path));
        this.secretEnv = Collections.unmodifiableSortedMap(new TreeMap<>(b.secretEnv));
        this.secretMounts = sorted(b.secretMounts, Comparator.comparing(SecretMount::path));
        this.user = b.user;
    }

    /** Starts a definition from an image address, e.g. {@code python} or {@code mariadb:10.11.2}. */
    public static Container from(String address) {
        Builder b = new Builder();
        b.image = ImageRef.normalize(address, "from.address");
        return new Container(b);
    }

    // ---- reading -------------------------------------------------------------------------

    /** Normalised address, e.g. {@code docker.io/library/python:latest}. */
    public String image() {
        return image;
    }

    /** Empty while the image's own workdir applies. */
    public Optional<String> workdir() {
        return Optional.ofNullable(workdir);
    }

    public SortedMap<String, String> envVariables() {
        return env;
    }

    public Optional<String> envVariable(String name) {
        return Optional.ofNullable(env.get(name));
    }

    /** Empty while the image's own ENTRYPOINT applies. */
    public Optional<List<String>> entrypoint() {
        return Optional.ofNullable(entrypoint);
    }

    /** Empty while the image's own CMD applies. */
    public Optional<List<String>> defaultArgs() {
        return Optional.ofNullable(defaultArgs);
    }

    /** File writes and execs in the order they take effect. */
    public List<Step> steps() {
        return steps;
    }

    public List<Exec> execs() {
        return steps.stream().filter(Exec.class::isInstance).map(Exec.class::cast).toList();
    }

    public List<ExposedPort> exposedPorts() {
        return exposedPorts;
    }

    public List<ServiceBinding> serviceBindings() {
        return bindings;
    }

    public List<CacheMount> mountedCaches() {
        return mounts;
    }

    /** Variables whose value is a secret, by name (the final state, like {@link #envVariables()}). */
    public SortedMap<String, Secret> secretVariables() {
        return secretEnv;
    }

    public List<SecretMount> mountedSecrets() {
        return secretMounts;
    }

    /** The user later execs and the service command run as; empty while the image's own USER applies. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    // ---- building ------------------------------------------------------------------------

    /** Relative paths resolve against the current workdir, as in Dagger. */
    public Container withWorkdir(String path) {
        String resolved = UnixPath.resolve(workdir, path, "withWorkdir.path");
        return edit(b -> b.workdir = resolved);
    }

    /** Setting a name again replaces its value: last one wins. */
    public Container withEnvVariable(String name, String value) {
        return withEnvVariable(name, value, false);
    }

    /**
     * With {@code expand}, {@code ${VAR}} and {@code $VAR} in the value are replaced by the
     * variables set so far (Dagger's {@code expand}); a variable Berth does not know (the image's
     * own) or a secret one is refused.
     */
    public Container withEnvVariable(String name, String value, boolean expand) {
        Checks.envName(name, "withEnvVariable.name");
        Checks.notNull(value, "withEnvVariable.value");
        String expanded = expand ? EnvExpansion.expand(value, env, secretEnv.keySet(), "withEnvVariable.value") : value;
        return edit(b -> {
            b.env.put(name, expanded);
            b.secretEnv.remove(name);
        });
    }

    /** A variable whose value is the secret's; replaces a plain variable of the same name (last one wins). */
    public Container withSecretVariable(String name, Secret secret) {
        Checks.envName(name, "withSecretVariable.name");
        Checks.notNull(secret, "withSecretVariable.secret");
        return edit(b -> {
            b.secretEnv.put(name, secret);
            b.env.remove(name);
        });
    }

    /** Removing a secret variable that is not set is a no-op, as in Dagger. */
    public Container withoutSecretVariable(String name) {
        Checks.notNull(name, "withoutSecretVariable.name");
        return edit(b -> b.secretEnv.remove(name));
    }

    /**
     * The secret as a read-only file; relative paths resolve against the workdir. A later mount at
     * the same path replaces the earlier one.
     */
    public Container withMountedSecret(String path, Secret secret, int mode) {
        String resolved = UnixPath.resolve(workdir, path, "withMountedSecret.path");
        SecretMount mount = new SecretMount(resolved, secret, mode);
        return edit(b -> {
            b.secretMounts.removeIf(m -> m.path().equals(resolved));
            b.secretMounts.add(mount);
        });
    }

    public Container withNewFile(String path, String contents) {
        return withNewFile(path, contents, NewFile.DEFAULT_PERMISSIONS);
    }

    /** Relative paths resolve against the workdir, like Dagger's {@code withNewFile}. */
    public Container withNewFile(String path, String contents, int permissions) {
        String resolved = UnixPath.resolve(workdir, path, "withNewFile.path");
        NewFile file = new NewFile(resolved, contents, permissions);
        return edit(b -> b.steps.add(file));
    }

    /**
     * The directory with tree {@code tree} merged into {@code path} (relative to the workdir), as
     * Dagger's {@code withDirectory} and {@code withMountedDirectory} (a copy here too: the files
     * the container sees are the same).
     */
    public Container withDirectory(String path, String tree, Integer permissions, String field) {
        String resolved = UnixPath.resolve(workdir, path, field + ".path");
        CopyIn copy = CopyIn.directory(resolved, tree, permissions);
        return edit(b -> b.steps.add(copy));
    }

    /** The file placed at {@code path} (relative to the workdir): {@code withFile}, {@code withMountedFile}. */
    public Container withFile(String path, dev.berth.engine.files.TreeEntry file, Integer permissions, String field) {
        String resolved = UnixPath.resolve(workdir, path, field + ".path");
        CopyIn copy = CopyIn.file(resolved, file, permissions);
        return edit(b -> b.steps.add(copy));
    }

    /** Copies from the file store, in order: the pod needs their bytes before its first step. */
    public List<CopyIn> copies() {
        return steps.stream().filter(CopyIn.class::isInstance).map(CopyIn.class::cast).toList();
    }

    /** Resolves a path the way this container's other path arguments are (against the workdir). */
    public String resolvePath(String path, String field) {
        return UnixPath.resolve(workdir, path, field);
    }

    /** Like Dagger, a new entrypoint drops the default args (they belonged to the old one). */
    public Container withEntrypoint(List<String> args) {
        List<String> copy = Checks.args(args, "withEntrypoint.args");
        return edit(b -> {
            b.entrypoint = copy;
            b.defaultArgs = List.of();
        });
    }

    public Container withDefaultArgs(List<String> args) {
        List<String> copy = Checks.args(args, "withDefaultArgs.args");
        return edit(b -> b.defaultArgs = copy);
    }

    public Container withExec(List<String> args) {
        return withExec(args, false, ReturnType.SUCCESS);
    }

    /**
     * Adds a command to the chain. With {@code useEntrypoint} a known entrypoint is prepended now;
     * an image entrypoint we cannot know yet is marked for the runtime to prepend.
     */
    public Container withExec(List<String> args, boolean useEntrypoint, ReturnType expect) {
        return withExec(args, useEntrypoint, expect, "", "", "", "");
    }

    /**
     * Adds a command with Dagger's I/O options: {@code stdin} is fed to it, or the file at
     * {@code redirectStdin}; its output is also written to {@code redirectStdout} and
     * {@code redirectStderr}. Paths resolve against the workdir; "" means none. The command runs
     * as the container's user ({@link #withUser}).
     */
    public Container withExec(List<String> args, boolean useEntrypoint, ReturnType expect, String stdin,
            String redirectStdin, String redirectStdout, String redirectStderr) {
        List<String> copy = Checks.nonEmptyArgs(args, "withExec.args");
        Checks.notNull(expect, "withExec.expect");
        Checks.notNull(stdin, "withExec.stdin");
        boolean prependImageEntrypoint = useEntrypoint && entrypoint == null;
        List<String> argv = useEntrypoint && entrypoint != null ? concat(entrypoint, copy) : copy;
        Exec exec = new Exec(argv, prependImageEntrypoint, expect, Optional.ofNullable(workdir), env, secretEnv,
                Optional.ofNullable(user), stdin, redirect(redirectStdin, "withExec.redirectStdin"),
                redirect(redirectStdout, "withExec.redirectStdout"), redirect(redirectStderr, "withExec.redirectStderr"));
        return edit(b -> b.steps.add(exec));
    }

    private String redirect(String path, String field) {
        Checks.notNull(path, field);
        return path.isEmpty() ? "" : UnixPath.resolve(workdir, path, field);
    }

    /**
     * Later execs and the service command run as {@code name}: Dagger's forms {@code user},
     * {@code user:group}, {@code uid}, {@code uid:gid}, resolved in the image when they run.
     */
    public Container withUser(String name) {
        Checks.notNull(name, "withUser.name");
        if (name.indexOf('\0') >= 0 || name.indexOf('\n') >= 0) {
            throw new ValidationException("withUser.name", "must not contain a NUL or newline character");
        }
        return edit(b -> b.user = name);
    }

    public Container withExposedPort(int port) {
        return withExposedPort(port, NetworkProtocol.TCP, null, false);
    }

    public Container withExposedPort(int port, NetworkProtocol protocol) {
        return withExposedPort(port, protocol, null, false);
    }

    /** Exposing the same port and protocol again replaces the earlier description and flags. */
    public Container withExposedPort(int port, NetworkProtocol protocol, String description,
            boolean experimentalSkipHealthcheck) {
        ExposedPort exposed = new ExposedPort(port, protocol, description, experimentalSkipHealthcheck);
        return edit(b -> {
            b.exposedPorts.removeIf(p -> p.sameEndpoint(port, protocol));
            b.exposedPorts.add(exposed);
        });
    }

    public Container withoutExposedPort(int port) {
        return withoutExposedPort(port, NetworkProtocol.TCP);
    }

    /** Removing a port that is not exposed is a no-op, as in Dagger. */
    public Container withoutExposedPort(int port, NetworkProtocol protocol) {
        Checks.port(port, "withoutExposedPort.port");
        Checks.notNull(protocol, "withoutExposedPort.protocol");
        return edit(b -> b.exposedPorts.removeIf(p -> p.sameEndpoint(port, protocol)));
    }

    /** One alias names one host in the client, so binding an alias twice is an error. */
    public Container withServiceBinding(String alias, Service service) {
        ServiceBinding binding = new ServiceBinding(alias, service);
        if (bindings.stream().anyMatch(b -> b.alias().equals(alias))) {
            throw new ValidationException("withServiceBinding.alias",
                    "alias \"" + alias + "\" is already bound in this container");
        }
        return edit(b -> b.bindings.add(binding));
    }

    public Container withMountedCache(String path, CacheVolume cache) {
        return withMountedCache(path, cache, CacheSharingMode.SHARED);
    }

    /** A later mount at the same path replaces the earlier one. */
    public Container withMountedCache(String path, CacheVolume cache, CacheSharingMode sharing) {
        String absolute = UnixPath.absolute(path, "withMountedCache.path");
        CacheMount mount = new CacheMount(absolute, cache, sharing);
        return edit(b -> {
            b.mounts.removeIf(m -> m.path().equals(absolute));
            b.mounts.add(mount);
        });
    }

    // ---- services ------------------------------------------------------------------------

    /** {@code asService()} with no args, by the rule of clients before Dagger v0.15 (see below). */
    public Service asService() {
        return asService(List.of(), false);
    }

    /** {@link #asService(List, boolean, AsServiceRule)} with the rule of clients before Dagger v0.15. */
    public Service asService(List<String> args, boolean useEntrypoint) {
        return asService(args, useEntrypoint, AsServiceRule.LAST_EXEC);
    }

    /**
     * Turns this container into a service, choosing its command by Dagger's rules.
     *
     * <ol>
     *   <li>args given: they are the command, prefixed by the entrypoint only if
     *       {@code useEntrypoint};</li>
     *   <li>no args but a withExec, {@link AsServiceRule#LAST_EXEC} (clients before v0.15, and
     *       Dagger's older docs: {@code withExec(...).asService()}): the last exec is the service
     *       command and is not run as an exec;</li>
     *   <li>otherwise: the entrypoint followed by the default args (the image's own where not
     *       set), after every withExec as a build step.</li>
     * </ol>
     *
     * @throws ValidationException if this leaves nothing to run, or withExecs must run before a
     *     command Berth does not know (the image's own)
     */
    public Service asService(List<String> args, boolean useEntrypoint, AsServiceRule rule) {
        List<String> serviceArgs = Checks.args(args, "asService.args");
        if (!serviceArgs.isEmpty()) {
            ServiceCommand command = useEntrypoint
                    ? ServiceCommand.prefixed(Optional.ofNullable(entrypoint), serviceArgs)
                    : ServiceCommand.argv(serviceArgs);
            return Service.of(this, command);
        }
        int lastExec = lastExecIndex();
        if (lastExec >= 0 && rule == AsServiceRule.LAST_EXEC) {
            Exec exec = (Exec) steps.get(lastExec);
            ServiceCommand command = exec.prependImageEntrypoint()
                    ? ServiceCommand.imageEntrypointWith(exec.args())
                    : ServiceCommand.argv(exec.args());
            return Service.of(edit(b -> b.steps.remove(lastExec)), command);
        }
        ServiceCommand command = new ServiceCommand(Optional.ofNullable(entrypoint), Optional.ofNullable(defaultArgs));
        if (command.isEmpty()) {
            throw new ValidationException("asService.args",
                    "service has no command: no args, no withExec, and the entrypoint and default args are empty");
        }
        if (lastExec >= 0 && command.fullArgv().isEmpty()) {
            // Dagger would run the withExecs, then the image's ENTRYPOINT/CMD; the runner needs that
            // argv and images are not inspected. A long-running last withExec would block Dagger too.
            throw new ValidationException("asService.args", "since Dagger v0.15, asService() without args runs"
                    + " every withExec as a build step and then the image's own ENTRYPOINT/CMD, which Berth does not"
                    + " know; give the service's command as asService(args: [...]) (or set withEntrypoint/"
                    + "withDefaultArgs), or declare a client older than v0.15 (berth run --dagger-version v0.14.0) for"
                    + " the old rule, where the last withExec is the service's command");
        }
        return Service.of(this, command);
    }

    private int lastExecIndex() {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i) instanceof Exec) {
                return i;
            }
        }
        return -1;
    }

    // ---- identity ------------------------------------------------------------------------

    @Override
    public Digest digest() {
        Digest d = digest;
        if (d == null) {
            d = writeTo(new CanonicalWriter()).sha256();
            digest = d;
        }
        return d;
    }

    /** Exposed for tests and debugging: the exact bytes the digest is taken over. */
    byte[] canonicalForm() {
        return writeTo(new CanonicalWriter()).toByteArray();
    }

    private CanonicalWriter writeTo(CanonicalWriter out) {
        out.type(TYPE)
                .field("image").string(image)
                .field("workdir").optionalString(workdir)
                .field("env").stringMap(env)
                .field("entrypoint").optionalStrings(entrypoint)
                .field("defaultArgs").optionalStrings(defaultArgs)
                .field("steps").list(steps, (w, step) -> Steps.write(step, w))
                .field("exposedPorts").list(sorted(exposedPorts, ExposedPort.ORDER), (w, port) -> port.writeTo(w))
                .field("serviceBindings").list(bindings, (w, binding) -> binding.writeTo(w))
                .field("mountedCaches").list(mounts, (w, mount) -> mount.writeTo(w));
        // Only when present, so definitions without secrets keep their digests (and hostnames).
        if (!secretEnv.isEmpty()) {
            out.field("secretVariables").list(secretEnv.entrySet(), (w, e) -> e.getValue().writeTo(w.string(e.getKey())));
        }
        if (!secretMounts.isEmpty()) {
            out.field("mountedSecrets").list(secretMounts, (w, mount) -> mount.writeTo(w));
        }
        if (user != null) {
            out.field("user").string(user);
        }
        return out;
    }

    /** Equal exactly when the canonical forms are: same definition, same identity. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Container && digest().equals(((Container) other).digest());
    }

    @Override
    public int hashCode() {
        return digest().hashCode();
    }

    @Override
    public String toString() {
        return "Container{" + image + ", " + digest() + "}";
    }

    // ---- internals -----------------------------------------------------------------------

    private Container edit(Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return new Container(b);
    }

    private static <T> List<T> sorted(List<T> items, Comparator<T> order) {
        List<T> copy = new ArrayList<>(items);
        copy.sort(order);
        return List.copyOf(copy);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** Mutable scratch copy used only inside one {@code with*} call. */
    private static final class Builder {
        String image;
        String workdir;
        SortedMap<String, String> env = new TreeMap<>();
        List<String> entrypoint;
        List<String> defaultArgs;
        List<Step> steps = new ArrayList<>();
        List<ExposedPort> exposedPorts = new ArrayList<>();
        List<ServiceBinding> bindings = new ArrayList<>();
        List<CacheMount> mounts = new ArrayList<>();
        SortedMap<String, Secret> secretEnv = new TreeMap<>();
        List<SecretMount> secretMounts = new ArrayList<>();
        String user;

        Builder() {
        }

        Builder(Container c) {
            image = c.image;
            workdir = c.workdir;
            env = new TreeMap<>(c.env);
            entrypoint = c.entrypoint;
            defaultArgs = c.defaultArgs;
            steps = new ArrayList<>(c.steps);
            exposedPorts = new ArrayList<>(c.exposedPorts);
            bindings = new ArrayList<>(c.bindings);
            mounts = new ArrayList<>(c.mounts);
            secretEnv = new TreeMap<>(c.secretEnv);
            secretMounts = new ArrayList<>(c.secretMounts);
            user = c.user;
        }
    }
}
