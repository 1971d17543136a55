package dev.berth.engine.k8s.session;

import dev.berth.engine.k8s.EngineException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Polling with a deadline, woken early by a {@link ChangeSignal} where watches feed one: a change
 * is seen when it happens, and the poll (which survives an API server restart without extra code)
 * remains the fallback if a watch event is late or lost.
 */
public final class Waits {

    private final Duration interval;
    private final ChangeSignal signal;

    public Waits(Duration interval) {
        this(interval, null);
    }

    public Waits(Duration interval, ChangeSignal signal) {
        this.interval = interval;
        this.signal = signal;
    }

    /**
     * Calls {@code probe} until it returns a value. Transient API errors (no connection, 5xx) are
     * retried; others propagate, as do exceptions the probe throws on purpose.
     */
    public <T> T until(Duration timeout, String what, Supplier<Optional<T>> probe, Supplier<String> diagnostics) {
        Instant deadline = Instant.now().plus(timeout);
        KubernetesClientException lastError = null;
        while (true) {
            long seen = signal == null ? 0 : signal.version();
            try {
                Optional<T> value = probe.get();
                if (value.isPresent()) {
                    return value.get();
                }
                lastError = null;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 0 && e.getCode() < 500) {
                    throw e;
                }
                lastError = e;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new EngineException("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + (lastError == null ? "" : " (last error: " + lastError.getMessage() + ")")
                        + describe(diagnostics));
            }
            awaitChangeAfter(seen);
        }
    }

    private void awaitChangeAfter(long seen) {
        if (signal == null) {
            sleep(interval);
            return;
        }
        try {
            signal.awaitChangeAfter(seen, interval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted", e);
        }
    }

    /** Something a wait may be waiting for happened outside the watches (an exec's report). */
    public void wake() {
        if (signal != null) {
            signal.changed();
        }
    }

    public void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted", e);
        }
    }

    private static String describe(Supplier<String> diagnostics) {
        try {
            String text = diagnostics.get();
            return text == null || text.isBlank() ? "" : "\n" + text;
        } catch (RuntimeException e) {
            return "\n<diagnostics unavailable: " + e + ">";
        }
    }
}
