package dev.berth.operator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.engine.k8s.reconciler.ServiceInstanceReconciler;
import dev.berth.operator.pipeline.PipelineReconciler;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.quarkiverse.operatorsdk.runtime.QuarkusConfigurationService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The chart's {@code watchNamespaces} reaches the operator as {@code BERTH_WATCH_NAMESPACES}: it
 * must narrow the Pipeline controller only. A Pipeline's services are ServiceInstances in its
 * {@code berth-*} session namespace, so a narrowed ServiceInstance controller leaves every Pipeline
 * with a service Running forever.
 */
@QuarkusTest
@TestProfile(WatchNamespacesTest.TwoTeams.class)
class WatchNamespacesTest {

    public static class TwoTeams implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("BERTH_WATCH_NAMESPACES", "team-a,team-b");
        }
    }

    @Inject
    QuarkusConfigurationService configuration;
    @Inject
    PipelineReconciler pipelines;
    @Inject
    ServiceInstanceReconciler instances;

    @Test
    void pipelineControllerWatchesOnlyTheListedNamespaces() {
        assertEquals(Set.of("team-a", "team-b"), configuration.getConfigurationFor(pipelines).getEffectiveNamespaces());
    }

    @Test
    void serviceInstanceControllerStillWatchesEveryNamespace() {
        Set<String> watched = configuration.getConfigurationFor(instances).getEffectiveNamespaces();
        assertTrue(InformerConfiguration.allNamespacesWatched(watched), "ServiceInstance controller watches " + watched);
    }
}
