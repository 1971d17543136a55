package dev.berth.engine.k8s.crd;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The one timestamp format Berth writes into statuses and events: RFC 3339 in UTC at second
 * precision, as Kubernetes writes {@code metav1.Time} ({@code 2026-01-02T03:04:05Z}).
 */
public final class Timestamps {

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
