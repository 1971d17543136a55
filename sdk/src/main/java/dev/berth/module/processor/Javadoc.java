package dev.berth.module.processor;

import java.util.LinkedHashMap;
import java.util.Map;

/** A doc comment split into its description and its {@code @param} texts. */
record Javadoc(String description, Map<String, String> params) {

    static Javadoc parse(String comment) {
        Map<String, String> params = new LinkedHashMap<>();
        if (comment == null) {
            return new Javadoc("", params);
        }
        StringBuilder description = new StringBuilder();
        String currentParam = null;
        boolean inTags = false;
        for (String raw : comment.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("@")) {
                inTags = true;
                currentParam = null;
                if (line.startsWith("@param")) {
                    String[] parts = line.substring("@param".length()).strip().split("\\s+", 2);
                    if (!parts[0].isEmpty()) {
                        currentParam = parts[0];
                        params.put(currentParam, parts.length > 1 ? parts[1] : "");
                    }
                }
            } else if (currentParam != null) {
                params.merge(currentParam, line, (a, b) -> b.isEmpty() ? a : a + " " + b);
            } else if (!inTags) {
                if (description.length() > 0) {
                    description.append(line.isEmpty() ? "\n" : " ");
                }
                description.append(line);
            }
        }
        return new Javadoc(collapse(description.toString()), params);
    }

    private static String collapse(String text) {
        return text.replaceAll("\n\\s+", "\n").replaceAll(" +", " ").strip();
    }
}
