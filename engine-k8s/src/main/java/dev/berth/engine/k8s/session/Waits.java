package dev.berth.engine.k8s.session;

import dev.berth.engine.k8s.EngineException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Polling with a deadline. Polling a handful of objects twice a second costs the API server
 * little and, unlike watches, survives an API server restart without extra code.
 */
public final class Waits {

    private final Duration interval;

    public Waits(Duration interval) {
        this.interval = interval;
    }

    /**
     * Calls {@code probe} until it returns a value. Transient API errors (no connection, 5xx) are
     * retried; others propagate, as do exceptions the probe throws on purpose.
     */
    public <T> T until(Duration timeout, String what, Supplier<Optional<T>> probe, Supplier<String> diagnostics) {
        Instant deadline = Instant.now().plus(timeout);
        KubernetesClientException lastError = null;
        while (true) {
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
            sleep(interval);
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
