package dev.berth.operator.lifecycle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdleMemoryReleaseTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void collectsOnceTheCollectorHasBeenQuietForTheIdleTimeAndMuchHeapIsUnused() {
        IdleMemoryRelease release = new IdleMemoryRelease(15);
        assertFalse(release.shouldCollect(40, 0, 250 * MIB, 90 * MIB), "first look: no quiet period yet");
        assertFalse(release.shouldCollect(40, 10_000, 250 * MIB, 90 * MIB), "quiet for 10 s only");
        assertTrue(release.shouldCollect(40, 15_000, 250 * MIB, 90 * MIB));
    }

    @Test
    void aCollectionStartsANewQuietPeriod() {
        IdleMemoryRelease release = new IdleMemoryRelease(15);
        release.shouldCollect(40, 0, 250 * MIB, 90 * MIB);
        assertFalse(release.shouldCollect(41, 15_000, 250 * MIB, 90 * MIB), "busy: a collection just ran");
        assertFalse(release.shouldCollect(41, 29_000, 250 * MIB, 90 * MIB));
        assertTrue(release.shouldCollect(41, 30_000, 250 * MIB, 90 * MIB));
    }

    @Test
    void aHeapThatIsMostlyUsedIsLeftAlone() {
        IdleMemoryRelease release = new IdleMemoryRelease(15);
        release.shouldCollect(40, 0, 120 * MIB, 100 * MIB);
        assertFalse(release.shouldCollect(40, 60_000, 120 * MIB, 100 * MIB), "20 MiB unused: not worth a pause");
    }

    @Test
    void afterAReleaseOnlyAGrownHeapIsCollectedAgain() {
        IdleMemoryRelease release = new IdleMemoryRelease(15);
        release.shouldCollect(40, 0, 250 * MIB, 90 * MIB);
        assertTrue(release.shouldCollect(40, 15_000, 250 * MIB, 90 * MIB));
        release.released(160 * MIB);   // live data kept 160 MiB committed
        release.shouldCollect(41, 20_000, 160 * MIB, 110 * MIB);
        assertFalse(release.shouldCollect(41, 40_000, 160 * MIB, 110 * MIB), "nothing grew: would repeat for nothing");
        release.shouldCollect(60, 50_000, 300 * MIB, 120 * MIB);
        assertTrue(release.shouldCollect(60, 65_000, 300 * MIB, 120 * MIB), "a new burst grew the heap");
    }
}
