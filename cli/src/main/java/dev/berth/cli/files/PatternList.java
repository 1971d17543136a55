package dev.berth.cli.files;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One list of {@code .dockerignore}-style patterns as BuildKit reads them (moby/patternmatcher,
 * which Dagger's {@code include}/{@code exclude} use): patterns are relative to the directory's
 * root, cleaned like Go's {@code filepath.Clean} (so a leading {@code /} and a trailing {@code /}
 * change nothing), {@code *} and {@code ?} stay within a segment, {@code **} spans any number
 * of segments, {@code [...]} is a class, {@code \} escapes. A pattern matches a path when it
 * matches the path or one of its parent directories, and the last pattern that matches decides
 * ({@code !} re-includes).
 */
final class PatternList {

    private record Rule(String source, boolean negation, Pattern regex) {
    }

    private final List<Rule> rules;

    private PatternList(List<Rule> rules) {
        this.rules = rules;
    }

    /** @throws IllegalArgumentException naming a pattern that cannot be read */
    static PatternList of(List<String> patterns) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : patterns) {
            String pattern = raw.strip();
            if (pattern.isEmpty()) {
                continue;
            }
            boolean negation = pattern.startsWith("!");
            if (negation) {
                pattern = pattern.substring(1).strip();
                if (pattern.isEmpty()) {
                    throw new IllegalArgumentException("bad pattern \"" + raw + "\": '!' alone");
                }
            }
            try {
                rules.add(new Rule(raw, negation, Pattern.compile(regex(clean(pattern)), Pattern.DOTALL)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad pattern \"" + raw + "\": " + e.getMessage());
            }
        }
        return new PatternList(List.copyOf(rules));
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    /** moby's MatchesOrParentMatches: the last rule matching the path or a parent of it decides. */
    boolean matches(String path) {
        boolean matched = false;
        for (Rule rule : rules) {
            // a rule that cannot change the outcome is not evaluated (as in moby)
            if (rule.negation != matched) {
                continue;
            }
            if (matchesSelfOrParent(rule, path)) {
                matched = !rule.negation;
            }
        }
        return matched;
    }

    /**
     * Whether a rule of the given polarity could decide some path below {@code dir}, so the
     * directory must be walked to find out. Errs on the side of walking: the rule could match
     * below (or matches {@code dir} itself) and no later rule of the other polarity matches
     * {@code dir}, which would match everything inside after it.
     */
    boolean couldMatchBelow(String dir, boolean negations) {
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (rule.negation == negations && couldMatchBelow(rule, dir) && !overriddenBelow(i, dir)) {
                return true;
            }
        }
        return false;
    }

    private static boolean couldMatchBelow(Rule rule, String dir) {
        if (matchesSelfOrParent(rule, dir)) {
            return true; // every path inside matches through its parent
        }
        // Is "dir/" the beginning of some input the pattern matches? hitEnd says the matcher ran
        // out of input, i.e. more characters could have made it match.
        Matcher matcher = rule.regex.matcher(dir + "/");
        return matcher.matches() || matcher.hitEnd();
    }

    private boolean overriddenBelow(int index, String dir) {
        boolean negation = rules.get(index).negation;
        for (Rule later : rules.subList(index + 1, rules.size())) {
            if (later.negation != negation && matchesSelfOrParent(later, dir)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesSelfOrParent(Rule rule, String path) {
        if (rule.regex.matcher(path).matches()) {
            return true;
        }
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            if (rule.regex.matcher(path.substring(0, slash)).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Go's filepath.Clean for a relative, {@code /}-separated pattern, after dropping leading
     * {@code /} (the .dockerignore reader does): no empty or {@code .} segments, {@code a/..}
     * folded, no trailing {@code /}.
     */
    static String clean(String pattern) {
        String relative = pattern.replaceFirst("^/+", "");
        List<String> segments = new ArrayList<>();
        for (String segment : relative.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..") && !segments.isEmpty() && !segments.get(segments.size() - 1).equals("..")) {
                segments.remove(segments.size() - 1);
                continue;
            }
            segments.add(segment);
        }
        return segments.isEmpty() ? "." : String.join("/", segments);
    }

    /** The pattern as a Java regex over a whole path (moby's compile, with classes kept to a segment). */
    static String regex(String pattern) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char ch = pattern.charAt(i);
            if (ch == '*') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                    i += 2;
                    if (i < pattern.length() && pattern.charAt(i) == '/') {
                        i++; // "**/" is "**" followed by the rest
                    }
                    // "**" at the end: anything; before more pattern: any number of segments (even none)
                    regex.append(i >= pattern.length() ? ".*" : "(?:.*/)?");
                    continue;
                }
                regex.append("[^/]*");
            } else if (ch == '?') {
                regex.append("[^/]");
            } else if (ch == '[') {
                i = charClass(pattern, i, regex);
                continue;
            } else if (ch == '\\') {
                if (i + 1 < pattern.length()) {
                    i++;
                    regex.append(Pattern.quote(String.valueOf(pattern.charAt(i))));
                } else {
                    regex.append("\\\\");
                }
            } else {
                regex.append(Pattern.quote(String.valueOf(ch)));
            }
            i++;
        }
        return regex.toString();
    }

    /** {@code [abc]}, {@code [a-z]}, {@code [^abc]} (Go's filepath.Match); returns the index after {@code ]}. */
    private static int charClass(String pattern, int start, StringBuilder regex) {
        int i = start + 1;
        boolean negated = i < pattern.length() && pattern.charAt(i) == '^';
        if (negated) {
            i++;
        }
        StringBuilder members = new StringBuilder();
        boolean first = true;
        while (true) {
            if (i >= pattern.length()) {
                throw new IllegalArgumentException("'[' without ']'");
            }
            char ch = pattern.charAt(i);
            if (ch == ']' && !first) {
                break;
            }
            if (ch == '\\' && i + 1 < pattern.length()) {
                i++;
                ch = pattern.charAt(i);
            } else if (ch == '-' && !first && i + 1 < pattern.length() && pattern.charAt(i + 1) != ']') {
                members.append('-');
                i++;
                first = false;
                continue;
            }
            members.append(ch == '-' ? "\\-" : classLiteral(ch));
            first = false;
            i++;
        }
        // a class never matches the separator
        regex.append(negated ? "[^/" + members + "]" : "[" + members + "&&[^/]]");
        return i + 1;
    }

    private static String classLiteral(char ch) {
        return Character.isLetterOrDigit(ch) ? String.valueOf(ch) : "\\" + ch;
    }
}
