package dev.berth.e2e.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A finished {@code berth run} or {@code berth call}: its exit code and output, for assertions. */
record CommandRun(String name, int exitCode, String stdout, String stderr) {

    /** How berth names the session it opened, on stderr. */
    static final Pattern NAMESPACE = Pattern.compile("\\(namespace (berth-[a-z0-9]+),");

    void assertExit(int expected) {
        assertEquals(expected, exitCode, describe());
    }

    /** berth closes the session before it exits: its namespace is marked for deletion, then goes. */
    void assertNamespaceDeleted(BerthApiProcess api) throws InterruptedException {
        Matcher m = NAMESPACE.matcher(stderr);
        assertTrue(m.find(), "the command names the session's namespace on stderr\n" + describe());
        api.assertNamespaceDeleted(m.group(1), describe());
    }

    String describe() {
        return name + " exited " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
}
