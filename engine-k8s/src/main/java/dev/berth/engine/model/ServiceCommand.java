package dev.berth.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a service's main process runs, in the two parts Kubernetes takes: {@code command}
 * (replaces the image's ENTRYPOINT) and {@code args} (replaces its CMD).
 *
 * <p>An empty part means "whatever the image says": the image config is only known once the
 * image is pulled, so the model cannot always spell the full argv out.
 */
public record ServiceCommand(Optional<List<String>> entrypoint, Optional<List<String>> args) {

    public ServiceCommand {
        entrypoint = entrypoint.map(List::copyOf);
        args = args.map(List::copyOf);
        // Kubernetes reads an empty command as "not set" and would run the image's entrypoint;
        // an explicitly empty entrypoint means "none", so the args become the whole command.
        if (entrypoint.isPresent() && entrypoint.get().isEmpty() && args.isPresent() && !args.get().isEmpty()) {
            entrypoint = args;
            args = Optional.of(List.of());
        }
    }

    /** A fully known argv: the image's entrypoint and default args are both replaced. */
    static ServiceCommand argv(List<String> argv) {
        return new ServiceCommand(Optional.of(argv), Optional.of(List.of()));
    }

    /** The image's own entrypoint, given these arguments. */
    static ServiceCommand imageEntrypointWith(List<String> args) {
        return new ServiceCommand(Optional.empty(), Optional.of(args));
    }

    /** {@code prefix} (or the image's entrypoint when unknown) followed by {@code args}. */
    static ServiceCommand prefixed(Optional<List<String>> prefix, List<String> args) {
        if (prefix.isEmpty()) {
            return imageEntrypointWith(args);
        }
        List<String> argv = new ArrayList<>(prefix.get());
        argv.addAll(args);
        return argv(argv);
    }

    /** True when both parts are explicitly empty: nothing at all would run. */
    public boolean isEmpty() {
        return entrypoint.isPresent() && entrypoint.get().isEmpty() && args.isPresent() && args.get().isEmpty();
    }

    /** The full argv, when it does not depend on the image. */
    public Optional<List<String>> fullArgv() {
        if (entrypoint.isEmpty() || args.isEmpty()) {
            return Optional.empty();
        }
        List<String> argv = new ArrayList<>(entrypoint.get());
        argv.addAll(args.get());
        return Optional.of(List.copyOf(argv));
    }

    void writeTo(CanonicalWriter out) {
        out.type("berth.dev/ServiceCommand/v1")
                .field("entrypoint").optionalStrings(entrypoint.orElse(null))
                .field("args").optionalStrings(args.orElse(null));
    }
}
