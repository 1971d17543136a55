package dev.berth.engine.k8s.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.berth.engine.k8s.EngineException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A wait re-reads when its session's watch reports a change, and still polls without one. */
class WaitsTest {

    @Test
    void aChangeWakesTheWaitLongBeforeItsPollInterval() {
        ChangeSignal signal = new ChangeSignal();
        Waits waits = new Waits(Duration.ofMinutes(10), signal);
        AtomicBoolean ready = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            sleep(200);
            ready.set(true);
            signal.changed();
        });
        watcher.start();
        // a 10-minute poll interval: only the signal can end this wait within the timeout
        String value = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> waits.until(Duration.ofMinutes(20),
                "ready", () -> ready.get() ? Optional.of("ready") : Optional.empty(), () -> ""));
        assertEquals("ready", value);
    }

    @Test
    void aChangeBetweenTheReadAndTheWaitIsNotMissed() {
        ChangeSignal signal = new ChangeSignal();
        Waits waits = new Waits(Duration.ofMinutes(10), signal);
        AtomicInteger reads = new AtomicInteger();
        // the change happens while the first read runs, before the wait starts
        String value = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> waits.until(Duration.ofMinutes(20),
                "second read", () -> {
                    if (reads.incrementAndGet() == 1) {
                        signal.changed();
                        return Optional.empty();
                    }
                    return Optional.of("read twice");
                }, () -> ""));
        assertEquals("read twice", value);
    }

    @Test
    void withoutChangesItStillPollsAndTimesOutNamingWhatItWaitedFor() {
        Waits waits = new Waits(Duration.ofMillis(20), new ChangeSignal());
        AtomicInteger reads = new AtomicInteger();
        EngineException e = assertThrows(EngineException.class, () -> waits.until(Duration.ofMillis(300),
                "the moon", () -> {
                    reads.incrementAndGet();
                    return Optional.empty();
                }, () -> "it is cloudy"));
        assertEquals(true, reads.get() > 3, "polled " + reads.get() + " times");
        assertEquals(true, e.getMessage().contains("waiting for the moon") && e.getMessage().contains("it is cloudy"),
                e.getMessage());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
