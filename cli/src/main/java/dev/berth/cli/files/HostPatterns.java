package dev.berth.cli.files;

import java.util.List;

/**
 * Dagger's {@code include}/{@code exclude} of {@code Host.directory} (BuildKit's local source):
 * with {@code include}, only what it matches (and the directories leading there) is taken;
 * {@code exclude} applies after. Paths are relative to the directory, {@code /}-separated.
 */
public final class HostPatterns {

    /** What the walk does with a directory. */
    public enum Walk {
        /** Taken, and its contents looked at. */
        TAKE,
        /** Not taken by itself, but something inside may be: walked, kept only if something inside is. */
        LOOK_INSIDE,
        /** Nothing inside can be taken: not walked at all (e.g. an excluded node_modules). */
        SKIP
    }

    public static final HostPatterns ALL = new HostPatterns(PatternList.of(List.of()), PatternList.of(List.of()));

    private final PatternList include;
    private final PatternList exclude;

    private HostPatterns(PatternList include, PatternList exclude) {
        this.include = include;
        this.exclude = exclude;
    }

    /** @throws IllegalArgumentException naming a pattern that cannot be read */
    public static HostPatterns of(List<String> include, List<String> exclude) {
        return new HostPatterns(PatternList.of(include), PatternList.of(exclude));
    }

    /** Whether a file, link or directory at {@code path} is taken. */
    public boolean takes(String path) {
        return included(path) && !exclude.matches(path);
    }

    /** What to do with the directory at {@code path}. */
    public Walk walk(String path) {
        boolean included = included(path);
        boolean excluded = exclude.matches(path);
        if (included && !excluded) {
            return Walk.TAKE;
        }
        boolean mayInclude = included || include.couldMatchBelow(path, false);
        // an excluded directory is skipped unless a '!' pattern could re-include something inside
        boolean mayReinclude = !excluded || exclude.couldMatchBelow(path, true);
        return mayInclude && mayReinclude ? Walk.LOOK_INSIDE : Walk.SKIP;
    }

    private boolean included(String path) {
        return include.isEmpty() || include.matches(path);
    }
}
