package dev.berth.operator.api.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionHolderTest {

    @Test
    void namespacesOfAPodAreLabelledWithThePodItsNamespaceAndThisBoot() {
        SessionHolder holder = new SessionHolder(Optional.of("berth-operator-7d9c-x2x"), "berth-system");
        assertEquals(Map.of(SessionHolder.POD_LABEL, "berth-operator-7d9c-x2x",
                SessionHolder.POD_NAMESPACE_LABEL, "berth-system",
                SessionHolder.BOOT_LABEL, holder.boot()), holder.namespaceLabels());
    }

    @Test
    void eachStartIsADifferentBoot() {
        assertNotEquals(new SessionHolder(Optional.of("p"), "ns").boot(), new SessionHolder(Optional.of("p"), "ns").boot());
    }

    @Test
    void withoutAPodNameOrWithOneThatIsNoLabelValueNothingIsLabelled() {
        assertTrue(new SessionHolder(Optional.empty(), "ns").namespaceLabels().isEmpty());
        assertTrue(new SessionHolder(Optional.of("x".repeat(64)), "ns").namespaceLabels().isEmpty());
        assertTrue(new SessionHolder(Optional.of("Not_A_Label"), "ns").namespaceLabels().isEmpty());
    }
}
