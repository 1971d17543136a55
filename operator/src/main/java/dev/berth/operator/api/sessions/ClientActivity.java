package dev.berth.operator.api.sessions;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether an API session's client is there, as this process sees it: requests running or made
 * lately. {@link SessionLeases} renews the lease of sessions with activity.
 */
public final class ClientActivity {

    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong lastNanos = new AtomicLong(System.nanoTime());

    /** A request of the client starts; pair with {@link #end()}. */
    public void begin() {
        running.incrementAndGet();
        lastNanos.set(System.nanoTime());
    }

    public void end() {
        running.decrementAndGet();
        lastNanos.set(System.nanoTime());
    }

    /** Something happened for the client (a request, its channel attached). */
    public void touch() {
        lastNanos.set(System.nanoTime());
    }

    /** A request is running, or one began or ended since {@code sinceNanos} ({@link System#nanoTime()}). */
    public boolean activeSince(long sinceNanos) {
        return running.get() > 0 || lastNanos.get() - sinceNanos >= 0;
    }
}
