package dev.berth.operator.pipeline;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** RFC 3339 timestamps at second precision, as Kubernetes writes them. */
final class Times {

    private Times() {
    }

    static String format(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
