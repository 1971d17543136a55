package dev.berth.engine.model;

import java.util.Map;
import java.util.Set;

/**
 * Dagger's {@code expand: true}: {@code ${VAR}} and {@code $VAR} replaced as Go's
 * {@code os.Expand} does (Dagger's own rules, syntax included), from the variables the definition
 * set. The image's own variables are not known before it runs, so a name Berth does not know is
 * refused rather than read as empty, as a secret variable is in Dagger.
 */
final class EnvExpansion {

    private EnvExpansion() {
    }

    static String expand(String input, Map<String, String> env, Set<String> secretNames, String field) {
        StringBuilder out = null;
        int copied = 0;
        for (int j = 0; j < input.length(); j++) {
            if (input.charAt(j) != '$' || j + 1 >= input.length()) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(input.length() * 2);
            }
            out.append(input, copied, j);
            String rest = input.substring(j + 1);
            int[] width = new int[1];
            String name = shellName(rest, width);
            if (name.isEmpty() && width[0] > 0) {
                // invalid syntax ("${", "${}"): os.Expand eats it
            } else if (name.isEmpty()) {
                out.append('$'); // a "$" not followed by a name stays
            } else {
                out.append(value(name, env, secretNames, field));
            }
            j += width[0];
            copied = j + 1;
        }
        return out == null ? input : out.append(input, Math.min(copied, input.length()), input.length()).toString();
    }

    private static String value(String name, Map<String, String> env, Set<String> secretNames, String field) {
        if (name.length() == 1 && isShellSpecial(name.charAt(0))) {
            return ""; // $1, $$, ...: no variable has such a name, Dagger expands them to nothing
        }
        if (secretNames.contains(name)) {
            throw new ValidationException(field, "expand cannot be used with secret env variable \"" + name + "\"");
        }
        String value = env.get(name);
        if (value == null) {
            throw new ValidationException(field, "expand: variable \"" + name + "\" is not supported by Berth yet:"
                    + " it is not set by withEnvVariable earlier in the chain, and the image's own variables (PATH,"
                    + " HOME, ...) are not known before the image runs; set it with withEnvVariable first, or expand"
                    + " it in a shell (withExec([\"sh\", \"-c\", ...]))");
        }
        return value;
    }

    /** Go's getShellName: the name after a "$" and how many characters it took. */
    private static String shellName(String s, int[] width) {
        if (s.charAt(0) == '{') {
            if (s.length() > 2 && isShellSpecial(s.charAt(1)) && s.charAt(2) == '}') {
                width[0] = 3;
                return s.substring(1, 2);
            }
            for (int i = 1; i < s.length(); i++) {
                if (s.charAt(i) == '}') {
                    if (i == 1) {
                        width[0] = 2; // bad syntax: "${}"
                        return "";
                    }
                    width[0] = i + 1;
                    return s.substring(1, i);
                }
            }
            width[0] = 1; // bad syntax: "${" unclosed
            return "";
        }
        if (isShellSpecial(s.charAt(0))) {
            width[0] = 1;
            return s.substring(0, 1);
        }
        int i = 0;
        while (i < s.length() && isAlphaNum(s.charAt(i))) {
            i++;
        }
        width[0] = i;
        return s.substring(0, i);
    }

    private static boolean isShellSpecial(char c) {
        return "*#$@!?-0123456789".indexOf(c) >= 0;
    }

    private static boolean isAlphaNum(char c) {
        return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
