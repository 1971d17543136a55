package dev.berth.engine.k8s.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.k8s.EngineConfig;
import dev.berth.engine.k8s.crd.ServiceInstanceSpec;
import dev.berth.engine.k8s.runner.RunnerPlan;
import dev.berth.engine.k8s.runner.RunnerPlans;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.Secret;
import dev.berth.engine.model.Service;
import dev.berth.engine.model.ValidationException;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secrets reach pods by reference only: secretKeyRef variables and secret volumes, no value anywhere. */
class SecretRenderingTest {

    private static final EngineConfig CONFIG = EngineConfig.defaults();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the API would compute; the value it stands for is never given to the engine. */
    private static final Secret PW = new Secret("pw", "a".repeat(52));
    private static final Secret KEY = new Secret("key", "b".repeat(52));

    private static EnvVar env(Pod pod, String name) {
        return pod.getSpec().getContainers().get(0).getEnv().stream().filter(e -> e.getName().equals(name))
                .findFirst().orElse(null);
    }

    private static RunnerPlan plan(ServiceInstanceSpec spec) {
        return spec.getRunner().getPlan();
    }

    @Test
    void execPodGetsSecretVariablesThroughCarriersAndTheRunnerHandsThemOnAtTheirMoment() throws Exception {
        Container c = Container.from("alpine")
                .withExec(List.of("sh", "-c", "echo before"))
                .withSecretVariable("PW", PW)
                .withExec(List.of("sh", "-c", "test \"$PW\" = x"))
                .withoutSecretVariable("PW")
                .withExec(List.of("sh", "-c", "echo after"));
        ServiceInstanceSpec spec = InstanceSpecs.forExecs(c, CONFIG, Map.of());
        Pod pod = PodRenderer.execPod("berth-s", "exec-1", spec);

        EnvVar carrier = env(pod, "BERTH_SECRET_0");
        assertNull(carrier.getValue());
        assertEquals(PW.kubeName(), carrier.getValueFrom().getSecretKeyRef().getName());
        assertEquals("value", carrier.getValueFrom().getSecretKeyRef().getKey());
        assertNull(env(pod, "PW"), "the user's name is set by the runner, per exec");

        List<RunnerPlan.Step> steps = plan(spec).getSteps();
        assertNull(steps.get(0).getExec().getSecretEnv(), "an exec before withSecretVariable does not see it");
        assertEquals("PW", steps.get(1).getExec().getSecretEnv().get(0).getName());
        assertEquals("BERTH_SECRET_0", steps.get(1).getExec().getSecretEnv().get(0).getFrom());
        assertNull(steps.get(2).getExec().getSecretEnv(), "withoutSecretVariable removes it for later execs");
    }

    @Test
    void mountedSecretIsASecretVolumeFileWithTheModeAndThePlanKnowsOnlyItsPath() throws Exception {
        Container c = Container.from("alpine").withWorkdir("/work")
                .withMountedSecret("creds/key", KEY, 0440)
                .withExec(List.of("cat", "/work/creds/key"));
        ServiceInstanceSpec spec = InstanceSpecs.forExecs(c, CONFIG, Map.of());
        Pod pod = PodRenderer.execPod("berth-s", "exec-1", spec);

        Volume volume = pod.getSpec().getVolumes().stream().filter(v -> v.getSecret() != null).findFirst().orElseThrow();
        assertEquals(KEY.kubeName(), volume.getSecret().getSecretName());
        assertEquals(0440, volume.getSecret().getItems().get(0).getMode());
        VolumeMount mount = pod.getSpec().getContainers().get(0).getVolumeMounts().stream()
                .filter(m -> m.getName().equals(volume.getName())).findFirst().orElseThrow();
        assertEquals("/work/creds/key", mount.getMountPath());
        assertEquals("value", mount.getSubPath());
        assertTrue(mount.getReadOnly());
        assertEquals(List.of("/work/creds/key"), plan(spec).getSecretFiles());
    }

    @Test
    void serviceWithoutRunnerGetsTheUsersVariableStraightFromTheSecret() {
        Service service = Container.from("postgres").withSecretVariable("POSTGRES_PASSWORD", PW)
                .withExposedPort(5432).asService();
        Pod pod = PodRenderer.servicePod("berth-s", service.hostname(),
                InstanceSpecs.forService(service, CONFIG, Map.of()));
        assertEquals(PW.kubeName(), env(pod, "POSTGRES_PASSWORD").getValueFrom().getSecretKeyRef().getName());
    }

    @Test
    void serviceWithSecretsAndAKnownCommandStartsThroughTheRunnerSoItsOutputIsScrubbed() {
        Service service = Container.from("python").withSecretVariable("TOKEN", PW).withExposedPort(8080)
                .asService(List.of("python", "-m", "http.server", "8080"), false);
        ServiceInstanceSpec spec = InstanceSpecs.forService(service, CONFIG, Map.of());
        Pod pod = PodRenderer.servicePod("berth-s", service.hostname(), spec);
        assertEquals(PW.kubeName(), env(pod, "BERTH_SECRET_0").getValueFrom().getSecretKeyRef().getName());
        assertEquals(List.of("python", "-m", "http.server", "8080"), plan(spec).getService().getArgs());
        assertEquals("TOKEN", plan(spec).getService().getSecretEnv().get(0).getName());
        assertFalse(RunnerPlans.runsThroughRunner(Container.from("python").withExposedPort(8080)
                .asService(List.of("python", "-m", "http.server", "8080"), false)), "no secret: started as it is");
    }

    @Test
    void serviceThroughTheRunnerGetsItsSecretVariablesFromCarriers() {
        Service service = Container.from("python").withSecretVariable("TOKEN", PW)
                .withNewFile("/srv/index.html", "hi")
                .withExec(List.of("python", "-m", "http.server", "8080")).withExposedPort(8080).asService();
        ServiceInstanceSpec spec = InstanceSpecs.forService(service, CONFIG, Map.of());
        Pod pod = PodRenderer.servicePod("berth-s", service.hostname(), spec);
        assertEquals(PW.kubeName(), env(pod, "BERTH_SECRET_0").getValueFrom().getSecretKeyRef().getName());
        assertEquals("TOKEN", plan(spec).getService().getSecretEnv().get(0).getName());
    }

    @Test
    void secretsChangeTheDigestButDefinitionsWithoutThemKeepTheirs() {
        Container plain = Container.from("alpine").withExec(List.of("true"));
        Container withPw = Container.from("alpine").withSecretVariable("PW", PW).withExec(List.of("true"));
        Container withKey = Container.from("alpine").withSecretVariable("PW", KEY).withExec(List.of("true"));
        assertNotEquals(plain.digest(), withPw.digest());
        assertNotEquals(withPw.digest(), withKey.digest(), "another value is another definition");
        assertEquals(plain.digest(), Container.from("alpine").withSecretVariable("PW", PW).withoutSecretVariable("PW")
                .withExec(List.of("true")).digest());
    }

    @Test
    void plainAndSecretVariablesOfOneNameReplaceEachOther() {
        Container c = Container.from("alpine").withEnvVariable("PW", "plain").withSecretVariable("PW", PW);
        assertFalse(c.envVariables().containsKey("PW"));
        assertEquals(PW, c.secretVariables().get("PW"));
        Container back = c.withEnvVariable("PW", "plain");
        assertTrue(back.secretVariables().isEmpty());
    }

    @Test
    void validation() {
        Container c = Container.from("alpine");
        assertThrows(ValidationException.class, () -> c.withSecretVariable("A=B", PW));
        assertThrows(ValidationException.class, () -> c.withMountedSecret("/x", PW, 01000));
        assertThrows(ValidationException.class, () -> c.withMountedSecret("/", PW, 0400));
        assertThrows(ValidationException.class, () -> new Secret("pw", "not-a-digest"));
        assertThrows(ValidationException.class, () -> new Secret("", "a".repeat(52)));
    }
}
