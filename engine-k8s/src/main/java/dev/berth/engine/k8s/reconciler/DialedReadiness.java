package dev.berth.engine.k8s.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The operator's own health check of a starting service, beside the kubelet's probe: once the pod
 * has an IP, its health-checked ports are dialled at every reconcile, and again shortly after, so
 * Ready is seen within about {@link #EARLY_RECHECK} of the port opening. The probe stays for
 * Kubernetes' own view; this only decides sooner. Clients reach the pod by its IP (host aliases),
 * so a port that accepts from here accepts from them.
 */
final class DialedReadiness {

    /** How soon to dial again while the service is young (most start within seconds). */
    static final Duration EARLY_RECHECK = Duration.ofMillis(100);
    static final Duration LATE_RECHECK = Duration.ofMillis(500);
    static final Duration EARLY_PERIOD = Duration.ofSeconds(10);
    /** After this the kubelet's probe (every second) is as good: stop dialing on a timer. */
    static final Duration DIAL_PERIOD = Duration.ofSeconds(60);

    /** Ready now, or when to dial again (empty: leave it to the pod's events). */
    record Verdict(boolean ready, Optional<Duration> recheckIn) {
    }

    private DialedReadiness() {
    }

    static Verdict check(Pod pod, List<Integer> ports, PortDialer dialer, Instant now) {
        if (ports.isEmpty() || pod.getStatus() == null || pod.getStatus().getPodIP() == null
                || pod.getMetadata().getDeletionTimestamp() != null) {
            return new Verdict(false, Optional.empty());
        }
        PortDialer.Outcome outcome = dialer.dial(pod.getStatus().getPodIP(), ports);
        if (outcome == PortDialer.Outcome.ACCEPTING) {
            return new Verdict(true, Optional.empty());
        }
        if (outcome == PortDialer.Outcome.UNREACHABLE) {
            return new Verdict(false, Optional.empty());
        }
        Duration age = age(pod, now);
        if (age.compareTo(DIAL_PERIOD) > 0) {
            return new Verdict(false, Optional.empty());
        }
        return new Verdict(false, Optional.of(age.compareTo(EARLY_PERIOD) < 0 ? EARLY_RECHECK : LATE_RECHECK));
    }

    /** Since the kubelet took the pod (its start time); zero when unknown. */
    private static Duration age(Pod pod, Instant now) {
        try {
            String start = pod.getStatus().getStartTime();
            return start == null ? Duration.ZERO : Duration.between(Instant.parse(start), now);
        } catch (DateTimeParseException e) {
            return Duration.ZERO;
        }
    }
}
