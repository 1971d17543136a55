package dev.berth.operator.lifecycle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdleMemoryReleaseTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void collectsOnceQuietForTheIdleTimeAfterTheHeapGrew() {
        IdleMemoryRelease release = new IdleMemoryRelease(15);
        assertFalse(release.shouldCollect(10, 0, 31 * MIB), "start-up: the heap at rest is the mark");
        assertFalse(release.shouldCollect(40, 100_000, 66 * MIB), "a burst: collections are running");
        assertFalse(release.shouldCollect(40, 110_000, 66 * MIB), "quiet for 10 s only");
        assertTrue(release.shouldCollect(40, 115_000, 66 * MIB));
    }

    @Test
    void aHeapThatGrewLittleIsLeftAlone() {
        IdleMemoryRelease release = new IdleMemoryRelease(15);
        release.shouldCollect(10, 0, 31 * MIB);
        release.shouldCollect(20, 10_000, 50 * MIB);
        assertFalse(release.shouldCollect(20, 60_000, 50 * MIB), "19 MiB more: not worth a pause");
    }

    @Test
    void aCollectionStartsANewQuietPeriod() {
        IdleMemoryRelease release = new IdleMemoryRelease(15);
        release.shouldCollect(10, 0, 31 * MIB);
        release.shouldCollect(40, 1_000, 80 * MIB);
        assertFalse(release.shouldCollect(41, 16_000, 80 * MIB), "busy: a collection just ran");
        assertFalse(release.shouldCollect(41, 30_000, 80 * MIB));
        assertTrue(release.shouldCollect(41, 31_000, 80 * MIB));
    }

    @Test
    void afterAReleaseOnlyANewBurstCollectsAgain() {
        IdleMemoryRelease release = new IdleMemoryRelease(15);
        release.shouldCollect(10, 0, 31 * MIB);
        release.shouldCollect(40, 1_000, 120 * MIB);
        assertTrue(release.shouldCollect(40, 16_000, 120 * MIB));
        release.released(70 * MIB);   // live data kept 70 MiB committed
        release.shouldCollect(41, 17_000, 70 * MIB);
        assertFalse(release.shouldCollect(41, 40_000, 75 * MIB), "it would free nothing more");
        release.shouldCollect(90, 50_000, 130 * MIB);
        assertTrue(release.shouldCollect(90, 65_000, 130 * MIB), "a new burst grew the heap");
    }
}
