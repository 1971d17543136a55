package dev.berth.engine.k8s.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.engine.model.Container;
import dev.berth.engine.model.Hostnames;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabelsTest {

    @Test
    void usesLabelKeyHasAValidPrefixAndNamePart() {
        String hostname = Container.from("redis").withExposedPort(6379).asService().hostname();
        String key = Labels.uses(hostname);
        assertEquals("uses.berth.dev/" + hostname, key);
        String name = key.substring(key.indexOf('/') + 1);
        assertTrue(name.length() <= 63, "label name part must be at most 63 characters: " + name);
        assertTrue(name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"), name);
        assertEquals(Hostnames.LENGTH, name.length());
    }

    @Test
    void usedHostnamesReadsOnlyTrueUsesLabels() {
        Map<String, String> labels = Map.of("uses.berth.dev/www", "true", "uses.berth.dev/db", "false",
                Labels.CLIENT, "true", "app", "x");
        assertEquals(Set.of("www"), Labels.usedHostnames(labels));
        assertTrue(Labels.uses(labels, "www"));
        assertFalse(Labels.uses(labels, "db"));
        assertEquals(Set.of(), Labels.usedHostnames(null));
    }
}
