package dev.berth.cli.module;

import dev.berth.module.processor.ValueKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Command-line text as the Java value a function parameter takes (a Service as its address, made later). */
final class Values {

    private Values() {
    }

    static Object convert(String flag, ValueKind kind, List<String> enumValues, List<String> values)
            throws UsageException {
        if (kind == ValueKind.STRING_LIST) {
            // as Dagger's CLI: repeated flags and comma-separated values both add items
            List<String> items = new ArrayList<>();
            for (String value : values) {
                for (String item : value.split(",", -1)) {
                    if (!item.isEmpty()) {
                        items.add(item);
                    }
                }
            }
            return items;
        }
        if (values.size() > 1) {
            throw new UsageException("--" + flag + " is given " + values.size() + " times; it takes one " + kind.display());
        }
        String value = values.get(0);
        try {
            return switch (kind) {
                case STRING -> value;
                case INT -> Integer.parseInt(value.strip());
                case LONG -> Long.parseLong(value.strip());
                case DOUBLE -> Double.parseDouble(value.strip());
                case BOOLEAN -> parseBoolean(flag, value);
                case ENUM -> enumValue(flag, enumValues, value);
                case SERVICE -> ServiceAddress.parse(flag, value);
                default -> throw new UsageException("--" + flag + ": " + kind.display() + " cannot be given on the command line");
            };
        } catch (NumberFormatException e) {
            throw new UsageException("--" + flag + ": \"" + value + "\" is not " + article(kind) + kind.display());
        }
    }

    private static boolean parseBoolean(String flag, String value) throws UsageException {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new UsageException("--" + flag + ": \"" + value + "\" is not a boolean (true or false)");
        };
    }

    private static String enumValue(String flag, List<String> allowed, String value) throws UsageException {
        for (String candidate : allowed) {
            if (candidate.equalsIgnoreCase(value.strip())) {
                return candidate;
            }
        }
        throw new UsageException("--" + flag + ": \"" + value + "\" is not one of " + String.join(", ", allowed));
    }

    private static String article(ValueKind kind) {
        return kind == ValueKind.INT ? "an " : "a ";
    }
}
