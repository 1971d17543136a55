package dev.berth.engine.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EngineConfigTest {

    @Test
    void gracePeriodDefaultsToDaggersTenSeconds() {
        assertEquals(Duration.ofSeconds(10), EngineConfig.gracePeriodFrom(Map.of()));
        assertEquals(Duration.ofSeconds(10), EngineConfig.gracePeriodFrom(Map.of(EngineConfig.GRACE_PERIOD_ENV, " ")));
    }

    @Test
    void gracePeriodComesFromTheChartsVariable() {
        assertEquals(Duration.ofSeconds(30), EngineConfig.gracePeriodFrom(Map.of(EngineConfig.GRACE_PERIOD_ENV, "30")));
        assertEquals(Duration.ZERO, EngineConfig.gracePeriodFrom(Map.of(EngineConfig.GRACE_PERIOD_ENV, "0")));
    }

    @Test
    void aBadGracePeriodNamesTheVariableAndTheValue() {
        for (String bad : new String[] {"-1", "10s", "ten"}) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> EngineConfig.gracePeriodFrom(Map.of(EngineConfig.GRACE_PERIOD_ENV, bad)));
            assertTrue(e.getMessage().contains(EngineConfig.GRACE_PERIOD_ENV) && e.getMessage().contains(bad),
                    e.getMessage());
        }
    }

    @Test
    void imagePullDeadlineDefaultsToTwoMinutesAndComesFromTheChartsVariable() {
        assertEquals(Duration.ofSeconds(120), EngineConfig.imagePullDeadlineFrom(Map.of()));
        assertEquals(Duration.ofSeconds(120), EngineConfig.defaults().imagePullDeadline());
        assertEquals(Duration.ofSeconds(15),
                EngineConfig.imagePullDeadlineFrom(Map.of(EngineConfig.IMAGE_PULL_DEADLINE_ENV, "15")));
        var e = assertThrows(IllegalArgumentException.class,
                () -> EngineConfig.imagePullDeadlineFrom(Map.of(EngineConfig.IMAGE_PULL_DEADLINE_ENV, "2m")));
        assertTrue(e.getMessage().contains(EngineConfig.IMAGE_PULL_DEADLINE_ENV) && e.getMessage().contains("2m"),
                e.getMessage());
    }

    @Test
    void theOperatorNamespaceIsUnknownUnlessSet() {
        assertEquals(Optional.empty(), EngineConfig.defaults().operatorNamespace());
        assertEquals(Optional.of("berth-system"),
                EngineConfig.defaults().withOperatorNamespace(Optional.of("berth-system")).operatorNamespace());
        assertThrows(IllegalArgumentException.class,
                () -> EngineConfig.defaults().withOperatorNamespace(Optional.of(" ")));
    }
}
