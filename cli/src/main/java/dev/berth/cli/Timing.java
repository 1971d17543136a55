package dev.berth.cli;

import java.time.Duration;
import java.time.Instant;

/**
 * With {@code BERTH_TIMING} set, berth's lines on stderr start with the time since its process
 * started, to see where a short command's time goes.
 */
final class Timing {

    private static final Instant STARTED = System.getenv("BERTH_TIMING") == null ? null
            : ProcessHandle.current().info().startInstant().orElseGet(Instant::now);

    private Timing() {
    }

    /** A line for the timeline only: nothing without BERTH_TIMING. */
    static void mark(String what) {
        if (STARTED != null) {
            System.err.println("berth: " + stamp() + what);
        }
    }

    /** "[+1234 ms] ", or "" without BERTH_TIMING. */
    static String stamp() {
        return STARTED == null ? "" : "[+" + Duration.between(STARTED, Instant.now()).toMillis() + " ms] ";
    }
}
