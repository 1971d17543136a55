package dev.berth.engine.k8s.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class KubeEscapingTest {

    @Test
    void variableReferencesStayLiteral() {
        assertEquals("echo $$(HOME)", KubeEscaping.literal("echo $(HOME)"));
    }

    @Test
    void everyDollarIsDoubledSoAnAlreadyDoubledOneCannotExpand() {
        // Kubernetes reads $$ as $: "$$$$(X)" becomes "$$(X)", the user's literal text.
        assertEquals("$$$$(X)", KubeEscaping.literal("$$(X)"));
        assertEquals("$$HOME and 5$$", KubeEscaping.literal("$HOME and 5$"));
    }

    @Test
    void nullAndListsAreHandled() {
        assertNull(KubeEscaping.literal((String) null));
        assertNull(KubeEscaping.literal((List<String>) null));
        assertEquals(List.of("sh", "-c", "echo $$(date)"), KubeEscaping.literal(List.of("sh", "-c", "echo $(date)")));
    }
}
