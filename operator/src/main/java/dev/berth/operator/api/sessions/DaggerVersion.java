package dev.berth.operator.api.sessions;

import dev.berth.engine.model.AsServiceRule;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Dagger version a session's client declares it was written for (Dagger's client version):
 * where Dagger changed what a call means, the session gets the meaning of that version. Berth
 * serves Dagger v0.21.8's schema, which is the default.
 */
public record DaggerVersion(int major, int minor, int patch) implements Comparable<DaggerVersion> {

    public static final DaggerVersion SERVED = new DaggerVersion(0, 21, 8);
    /** The first version whose asService() runs withExecs as build steps. */
    static final DaggerVersion AS_SERVICE_DEFAULT_COMMAND = new DaggerVersion(0, 15, 0);

    // vMAJOR.MINOR.PATCH with an optional pre-release/build suffix, as Dagger's own tags
    private static final Pattern FORM = Pattern.compile("v?(\\d{1,4})\\.(\\d{1,4})\\.(\\d{1,4})([-+][0-9A-Za-z.+-]{1,64})?");

    /**
     * Parses what a client declared.
     *
     * @return empty when {@code text} is not a version such as {@code v0.14.0}
     */
    public static Optional<DaggerVersion> parse(String text) {
        Matcher m = text == null ? null : FORM.matcher(text);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new DaggerVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3))));
    }

    public AsServiceRule asServiceRule() {
        return compareTo(AS_SERVICE_DEFAULT_COMMAND) < 0 ? AsServiceRule.LAST_EXEC : AsServiceRule.DEFAULT_COMMAND;
    }

    @Override
    public int compareTo(DaggerVersion other) {
        int c = Integer.compare(major, other.major);
        if (c == 0) {
            c = Integer.compare(minor, other.minor);
        }
        return c != 0 ? c : Integer.compare(patch, other.patch);
    }

    @Override
    public String toString() {
        return "v" + major + "." + minor + "." + patch;
    }
}
