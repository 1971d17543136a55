package dev.berth.operator.lifecycle;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Gives memory back to the node once the operator is idle after a burst of work (many sessions at
 * once). The serial collector the image runs shrinks the heap only after a full collection, and
 * an idle JVM runs none, so a burst's grown heap would stay committed (and counted against the
 * pod) for ever. When no collection has run for {@code berth.memory.idle-release-seconds} (hardly
 * any allocation: nothing is going on) and the heap has grown by {@link #GROWTH_BYTES} since it
 * was last at rest, one full collection is asked for; the JVM then uncommits down to its
 * {@code MaxHeapFreeRatio} (flags of the operator image). The JVM's own periodic collection
 * ({@code G1PeriodicGCInterval}) does this for G1 only.
 */
@ApplicationScoped
public class IdleMemoryRelease {

    private static final Logger LOG = Logger.getLogger(IdleMemoryRelease.class);
    /** Growth below this is not worth a full collection's pause. */
    static final long GROWTH_BYTES = 32L * 1024 * 1024;
    private static final long CHECK_MILLIS = 5_000;

    private final long idleMillis;
    private ScheduledExecutorService timer;
    private long lastCollections = -1;
    private long quietSinceMillis;
    /** Committed heap after the last release: a heap that has not grown since is left alone. */
    private long committedAfterRelease;

    public IdleMemoryRelease(@ConfigProperty(name = "berth.memory.idle-release-seconds", defaultValue = "15") long idleSeconds) {
        this.idleMillis = TimeUnit.SECONDS.toMillis(idleSeconds);
    }

    void onStart(@Observes StartupEvent event) {
        if (idleMillis <= 0) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "berth-idle-memory");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::check, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void check() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        if (shouldCollect(collections(), System.currentTimeMillis(), heap.getCommitted())) {
            System.gc();
            long after = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
            released(after);
            LOG.infof("idle for %d s: heap committed %d -> %d MiB", idleMillis / 1000, heap.getCommitted() >> 20,
                    after >> 20);
        }
    }

    /**
     * Whether to collect now: the collection count has not moved for the idle time, and the heap has
     * grown by {@link #GROWTH_BYTES} since start-up or since the last release (what it had committed
     * then). "Used" would not tell: the old generation of a serial collector counts the garbage a
     * burst promoted as used until a full collection. A collection (ours included) starts a new
     * quiet period, and a release that freed nothing sets the new mark, so it is not repeated.
     */
    synchronized boolean shouldCollect(long collections, long nowMillis, long committedBytes) {
        if (committedAfterRelease == 0) {
            committedAfterRelease = committedBytes;   // the first look: the heap at rest after start-up
        }
        if (collections != lastCollections) {
            lastCollections = collections;
            quietSinceMillis = nowMillis;
            return false;
        }
        return nowMillis - quietSinceMillis >= idleMillis && committedBytes >= committedAfterRelease + GROWTH_BYTES;
    }

    synchronized void released(long committedBytes) {
        committedAfterRelease = committedBytes;
    }

    private static long collections() {
        long total = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, collector.getCollectionCount());
        }
        return total;
    }
}
