package dev.berth.engine.k8s.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RunnerDeliveryTest {

    @Test
    void autoPicksImageVolumesFromKubernetes135On() {
        assertEquals(RunnerDelivery.ImageVolume, RunnerDelivery.fromSetting("auto", () -> "36"));
        assertEquals(RunnerDelivery.ImageVolume, RunnerDelivery.fromSetting("auto", () -> "35+"));
        assertEquals(RunnerDelivery.Copy, RunnerDelivery.fromSetting("auto", () -> "34"));
        assertEquals(RunnerDelivery.Copy, RunnerDelivery.fromSetting("auto", () -> "unknown"));
    }

    @Test
    void anExplicitSettingWinsWithoutAskingTheCluster() {
        java.util.function.Supplier<String> never = () -> {
            throw new AssertionError("the server version was read");
        };
        assertEquals(RunnerDelivery.Copy, RunnerDelivery.fromSetting("copy", never));
        assertEquals(RunnerDelivery.ImageVolume, RunnerDelivery.fromSetting(" Image-Volume ", never));
    }

    @Test
    void aWrongSettingNamesTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunnerDelivery.fromSetting("volume", () -> "36"));
        assertTrue(e.getMessage().contains("auto, image-volume or copy") && e.getMessage().contains("\"volume\""),
                e.getMessage());
    }
}
