package dev.berth.module.processor;

/** Java names as command-line names: {@code userList} is {@code user-list}. */
public final class Names {

    private Names() {
    }

    public static String kebab(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                char before = camel.charAt(i - 1);
                boolean afterLower = Character.isLowerCase(before) || Character.isDigit(before);
                // the last capital of an acronym starts the next word: parseHTTPRequest -> parse-http-request
                boolean endsAcronym = Character.isUpperCase(before) && i + 1 < camel.length()
                        && Character.isLowerCase(camel.charAt(i + 1));
                if (afterLower || endsAcronym) {
                    out.append('-');
                }
            }
            out.append(c == '_' ? '-' : Character.toLowerCase(c));
        }
        return out.toString();
    }
}
