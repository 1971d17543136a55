package dev.berth.engine.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
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
}
