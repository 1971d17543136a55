package dev.berth.cli.module;

import dev.berth.cli.module.ModuleMetadata.Arg;
import dev.berth.cli.module.ModuleMetadata.Function;
import dev.berth.module.processor.ValueKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code FUNCTION [--flag[=value] ...] [VERB [--flag[=value] ...] ...]} read against a module's
 * metadata, with every value converted and checked before a session is opened: bad input costs
 * the user one line, not a cluster round trip.
 */
record CallLine(Function function, Map<String, Object> arguments, List<Step> chain, boolean help) {

    /** A chained verb with its flags' values, converted. */
    record Step(ChainVerb verb, Map<String, Object> flags) {
    }

    private static final Set<String> HELP = Set.of("--help", "-h");

    static CallLine parse(ModuleMetadata module, List<String> tokens) throws UsageException {
        if (tokens.isEmpty()) {
            throw new UsageException("which function? " + module.name() + " has: " + names(module));
        }
        Function function = module.function(tokens.get(0)).orElseThrow(() -> new UsageException(
                "unknown function '" + tokens.get(0) + "'; " + module.name() + " has: " + names(module)));
        Cursor cursor = new Cursor(tokens, 1);
        Map<String, List<String>> raw = new LinkedHashMap<>();
        while (cursor.hasFlag()) {
            String token = cursor.next();
            if (HELP.contains(token)) {
                return new CallLine(function, Map.of(), List.of(), true);
            }
            Flag flag = Flag.split(token);
            Arg arg = function.arg(flag.name).orElseThrow(() -> new UsageException("unknown flag --" + flag.name
                    + " for " + function.cliName() + "; " + flagsOf(function)));
            raw.computeIfAbsent(arg.flag(), k -> new ArrayList<>()).add(cursor.valueOf(flag, arg.kind(), arg.typeLabel()));
        }
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (Arg arg : function.args()) {
            List<String> values = raw.get(arg.flag());
            if (values == null) {
                if (arg.required()) {
                    throw new UsageException(function.cliName() + " needs --" + arg.flag() + " (" + arg.typeLabel() + ")"
                            + (arg.description().isEmpty() ? "" : ": " + arg.description()));
                }
                values = List.of(arg.defaultValue());
            }
            arguments.put(arg.name(), Values.convert(arg.flag(), arg.kind(), arg.values(), values));
        }
        List<Step> chain = new ArrayList<>();
        ValueKind current = function.returns().kind();
        while (cursor.hasMore()) {
            String word = cursor.next();
            ValueKind on = current;
            List<String> verbs = ChainVerb.wordsFor(on);
            ChainVerb verb = ChainVerb.find(on, word).orElseThrow(() -> new UsageException(verbs.isEmpty()
                    ? "nothing can follow " + function.cliName() + ": it returns " + on.display() + ", not '" + word + "'"
                    : "'" + word + "' cannot follow a " + on.display() + "; chain one of: " + String.join(", ", verbs)));
            Map<String, Object> flags = new LinkedHashMap<>();
            while (cursor.hasFlag()) {
                Flag flag = Flag.split(cursor.next());
                ValueKind kind = verb.flags.get(flag.name);
                if (kind == null) {
                    throw new UsageException("unknown flag --" + flag.name + " for " + word + "; "
                            + (verb.flags.isEmpty() ? "it takes none" : "its flags: " + verb.flags.keySet().stream()
                                    .map(f -> "--" + f).collect(Collectors.joining(", "))));
                }
                String value = cursor.valueOf(flag, kind, kind.display());
                Object converted = Values.convert(flag.name, kind, List.of(), List.of(value));
                if (kind == ValueKind.STRING_LIST && flags.get(flag.name) instanceof List<?> earlier) {
                    List<Object> merged = new ArrayList<>(earlier);
                    merged.addAll((List<?>) converted);
                    converted = merged;
                }
                if (flag.name.equals("ports")) {
                    PortMappings.parse((List<?>) converted);
                }
                flags.put(flag.name, converted);
            }
            chain.add(new Step(verb, flags));
            current = verb.leaves;
        }
        return new CallLine(function, arguments, chain, false);
    }

    static String names(ModuleMetadata module) {
        return module.functions().isEmpty() ? "no functions" : String.join(", ", module.functionNames());
    }

    static String flagsOf(Function function) {
        return function.args().isEmpty() ? "it takes no flags" : "its flags: " + function.args().stream()
                .map(a -> "--" + a.flag() + " (" + a.typeLabel() + ")").collect(Collectors.joining(", "));
    }

    private record Flag(String name, String value) {

        static Flag split(String token) {
            String body = token.substring(2);
            int eq = body.indexOf('=');
            return eq < 0 ? new Flag(body, null) : new Flag(body.substring(0, eq), body.substring(eq + 1));
        }
    }

    private static final class Cursor {

        private final List<String> tokens;
        private int at;

        Cursor(List<String> tokens, int at) {
            this.tokens = tokens;
            this.at = at;
        }

        boolean hasMore() {
            return at < tokens.size();
        }

        boolean hasFlag() {
            return hasMore() && (tokens.get(at).startsWith("--") || HELP.contains(tokens.get(at)));
        }

        String next() {
            return tokens.get(at++);
        }

        /** {@code --flag=value}, {@code --flag value}, or a bare boolean {@code --flag} (true). */
        String valueOf(Flag flag, ValueKind kind, String label) throws UsageException {
            if (flag.value != null) {
                return flag.value;
            }
            if (kind == ValueKind.BOOLEAN) {
                if (hasMore() && Set.of("true", "false").contains(tokens.get(at))) {
                    return next();
                }
                return "true";
            }
            if (!hasMore() || tokens.get(at).startsWith("--")) {
                throw new UsageException("--" + flag.name + " needs a value (" + label + ")");
            }
            return next();
        }
    }
}
