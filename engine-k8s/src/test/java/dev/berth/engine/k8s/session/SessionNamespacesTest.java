package dev.berth.engine.k8s.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.engine.model.Container;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionNamespacesTest {

    @Test
    void isolationAdmitsTheSameNamespaceAndOperatorNamespacesOnly() {
        var policy = SessionNamespaces.isolationPolicy("berth-abc");
        assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes());
        assertTrue(policy.getSpec().getPodSelector().getMatchLabels() == null
                || policy.getSpec().getPodSelector().getMatchLabels().isEmpty(), "applies to every pod");
        var from = policy.getSpec().getIngress().get(0).getFrom();
        assertEquals(2, from.size());
        assertEquals(null, from.get(0).getNamespaceSelector(), "pods of this namespace");
        assertEquals(Map.of("berth.dev/operator", "true"), from.get(1).getNamespaceSelector().getMatchLabels());
    }

    @Test
    void execPodNamesAreStableLabels() {
        Container c = Container.from("alpine").withExec(List.of("echo", "hi"));
        String name = ExecRunner.podName(c);
        assertEquals(name, ExecRunner.podName(Container.from("alpine").withExec(List.of("echo", "hi"))));
        assertTrue(name.matches("exec-[a-z2-7]{40}"), name);
        assertTrue(name.length() <= 63);
    }
}
