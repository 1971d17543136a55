package dev.berth.cli.module;

import dev.berth.cli.module.ModuleMetadata.Arg;
import dev.berth.cli.module.ModuleMetadata.Function;

/** The text of {@code berth functions} and {@code berth call FUNCTION --help}. */
public final class FunctionHelp {

    private FunctionHelp() {
    }

    public static String module(ModuleMetadata module) {
        StringBuilder out = new StringBuilder("Module " + module.name());
        if (!module.description().isEmpty()) {
            out.append(": ").append(module.description());
        }
        out.append("\n\nFunctions:\n");
        int width = module.functions().stream().mapToInt(f -> f.cliName().length()).max().orElse(0);
        for (Function f : module.functions()) {
            out.append(String.format("  %-" + width + "s  %s%n", f.cliName(), firstSentence(f.description())));
            for (Arg a : f.args()) {
                out.append("  ").append(" ".repeat(width)).append("    ").append(flag(a)).append('\n');
            }
        }
        out.append("\nCall one with: berth call FUNCTION [--flag=value ...]; berth call FUNCTION --help for its details.\n");
        return out.toString();
    }

    public static String function(Function f) {
        StringBuilder out = new StringBuilder("berth call " + f.cliName());
        f.args().forEach(a -> out.append(a.required() ? " --" + a.flag() + "=VALUE" : " [--" + a.flag() + "=VALUE]"));
        out.append("\n\n");
        if (!f.description().isEmpty()) {
            out.append(f.description()).append("\n\n");
        }
        if (!f.args().isEmpty()) {
            out.append("Flags:\n");
            f.args().forEach(a -> out.append("  ").append(flag(a)).append('\n'));
            out.append('\n');
        }
        out.append("Returns ").append(f.returns().kind().display());
        var verbs = ChainVerb.wordsFor(f.returns().kind());
        if (!verbs.isEmpty()) {
            out.append("; chain one of: ").append(String.join(", ", verbs));
        }
        return out.append('\n').toString();
    }

    private static String flag(Arg a) {
        StringBuilder out = new StringBuilder("--" + a.flag() + " " + a.typeLabel());
        if (!a.required()) {
            out.append(" (default ").append(a.defaultValue()).append(')');
        }
        if (!a.description().isEmpty()) {
            out.append("  ").append(a.description());
        }
        return out.toString();
    }

    private static String firstSentence(String text) {
        int end = text.indexOf(". ");
        String first = end < 0 ? text : text.substring(0, end + 1);
        int newline = first.indexOf('\n');
        return newline < 0 ? first : first.substring(0, newline);
    }
}
