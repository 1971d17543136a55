package dev.berth.engine.k8s.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.engine.k8s.render.Labels;
import dev.berth.engine.model.Container;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionNamespacesTest {

    @Test
    void isolationAdmitsTheSameNamespaceAndTheOperatorsPodsOnly() {
        var policy = SessionNamespaces.isolationPolicy("berth-abc", Optional.of("berth-system"));
        assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes());
        assertTrue(policy.getSpec().getPodSelector().getMatchLabels() == null
                || policy.getSpec().getPodSelector().getMatchLabels().isEmpty(), "applies to every pod");
        assertEquals(1, policy.getSpec().getIngress().size());
        var from = policy.getSpec().getIngress().get(0).getFrom();
        assertEquals(2, from.size());
        assertEquals(null, from.get(0).getNamespaceSelector(), "pods of this namespace");
        // One peer with both selectors: the chart's pod label, in the operator's namespace only.
        var operator = from.get(1);
        assertEquals(Map.of("kubernetes.io/metadata.name", "berth-system"),
                operator.getNamespaceSelector().getMatchLabels());
        assertEquals(Map.of("berth.dev/operator", "true"), operator.getPodSelector().getMatchLabels());
    }

    @Test
    void aSessionIsFoundFromItsNamespaceAndNoOtherNamespaceNamesOne() {
        assertEquals(Optional.of("k2m9x0q7aa"), SessionNamespaces.sessionOf(SessionNamespaces.namespaceFor("k2m9x0q7aa")));
        assertEquals(Optional.empty(), SessionNamespaces.sessionOf("berth-"));
        assertEquals(Optional.empty(), SessionNamespaces.sessionOf("default"));
        assertEquals(Optional.empty(), SessionNamespaces.sessionOf(null));
    }

    @Test
    void withoutAnOperatorNamespaceOnlyTheSameNamespaceIsAdmitted() {
        var from = SessionNamespaces.isolationPolicy("berth-abc", Optional.empty()).getSpec().getIngress().get(0)
                .getFrom();
        assertEquals(1, from.size());
        assertEquals(null, from.get(0).getNamespaceSelector());
        assertTrue(from.get(0).getPodSelector().getMatchLabels() == null
                || from.get(0).getPodSelector().getMatchLabels().isEmpty(), "every pod of this namespace");
    }

    @Test
    void theChartLabelsTheOperatorPodsAsThePolicyExpects() throws Exception {
        String deployment = Files.readString(Path.of("..", "helm", "berth", "templates", "deployment.yaml"));
        String podTemplate = deployment.substring(deployment.indexOf("template:"), deployment.indexOf("spec:",
                deployment.indexOf("template:")));
        assertTrue(podTemplate.contains(Labels.OPERATOR + ": \"true\""), "pod template labels:\n" + podTemplate);
        assertTrue(deployment.contains("BERTH_OPERATOR_NAMESPACE"), "the operator learns its namespace");
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
