package dev.berth.engine.k8s.session;

import java.time.Duration;

/**
 * A counter that watches bump when something in a session changed, so a {@link Waits} re-reads
 * at once instead of sleeping out its interval. Waiters capture {@link #version()} before they
 * read, so a change between their read and their wait is not missed.
 */
public final class ChangeSignal {

    private long version;

    public synchronized long version() {
        return version;
    }

    public synchronized void changed() {
        version++;
        notifyAll();
    }

    /** Returns when a change after {@code seen} happened or {@code max} passed. */
    public synchronized void awaitChangeAfter(long seen, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (version == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000), (int) (left % 1_000_000));
        }
    }
}
