package dev.berth.engine.k8s.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.ReturnType;
import dev.berth.engine.model.Service;
import dev.berth.engine.model.ValidationException;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunnerPlansTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The seed's HTTP service, legacy form: the last withExec is the service command. */
    static Service seedHttpService() {
        return Container.from("python").withWorkdir("/srv").withNewFile("index.html", "Hello, world!")
                .withExec(List.of("python", "-m", "http.server", "8080")).withExposedPort(8080).asService();
    }

    @Test
    void seedServicePlanWritesTheFileThenExecsTheServer() throws Exception {
        JsonNode plan = JSON.readTree(RunnerPlans.toJson(RunnerPlans.forService(seedHttpService())));

        JsonNode file = plan.get("steps").get(0).get("file");
        assertEquals("/srv/index.html", file.get("path").asText());
        assertEquals("Hello, world!", new String(Base64.getDecoder().decode(file.get("contents").asText())));
        assertEquals(0644, file.get("mode").asInt());
        assertEquals(1, plan.get("steps").size());

        JsonNode service = plan.get("service");
        assertEquals(List.of("python", "-m", "http.server", "8080"),
                JSON.convertValue(service.get("args"), List.class));
        assertEquals("/srv", service.get("workdir").asText());
        assertEquals(List.of(), JSON.convertValue(service.get("env"), List.class),
                "no variables set by Berth: the runner keeps the image's own (PATH among them)");
        assertEquals(List.of(), JSON.convertValue(plan.get("managedEnv"), List.class));
    }

    @Test
    void execsInheritTheEnvWhenTheySawTheFinalOneAndGetItExplicitlyOtherwise() throws Exception {
        Container container = Container.from("alpine")
                .withExec(List.of("sh", "-c", "echo $FOO"))
                .withEnvVariable("FOO", "bar")
                .withWorkdir("/work")
                .withExec(List.of("sh", "-c", "echo $FOO"), false, ReturnType.ANY);
        JsonNode plan = JSON.readTree(RunnerPlans.toJson(RunnerPlans.forSteps(container)));
        JsonNode steps = plan.get("steps");
        assertEquals(List.of("FOO"), JSON.convertValue(plan.get("managedEnv"), List.class),
                "FOO is set later in the chain, so the first exec must not see the container's FOO");

        JsonNode first = steps.get(0).get("exec");
        assertEquals(List.of(), JSON.convertValue(first.get("env"), List.class));
        assertNull(first.get("workdir"));
        assertEquals("SUCCESS", first.get("expect").asText());

        JsonNode second = steps.get(1).get("exec");
        assertNull(second.get("env"), "absent env: the runner passes the container's own environment on");
        assertEquals("/work", second.get("workdir").asText());
        assertEquals("ANY", second.get("expect").asText());
    }

    @Test
    void anExplicitPathIsKept() {
        assertEquals(List.of("PATH=/bin", "X=1"), RunnerPlans.explicitEnv(new java.util.TreeMap<>(
                java.util.Map.of("PATH", "/bin", "X", "1"))));
    }

    @Test
    void theImageEntrypointCannotBePrependedBecauseItIsUnknown() {
        Container container = Container.from("redis").withExec(List.of("ping"), true, ReturnType.SUCCESS);
        ValidationException e = assertThrows(ValidationException.class, () -> RunnerPlans.forSteps(container));
        assertEquals("withExec.useEntrypoint", e.field());
    }

    @Test
    void aServiceRunningTheImageDefaultCannotHaveStepsBeforeIt() {
        Service service = Container.from("redis").withNewFile("/data/x", "y").withExposedPort(6379).asService();
        ValidationException e = assertThrows(ValidationException.class, () -> RunnerPlans.forService(service));
        assertEquals("asService.args", e.field());
        assertTrue(e.reason().contains("does not know"), e.reason());
    }

    @Test
    void execOptionsTravelOnlyWhenSet() throws Exception {
        Container container = Container.from("alpine")
                .withWorkdir("/w")
                .withExec(List.of("true"))
                .withUser("nobody:nogroup")
                .withExec(List.of("cat"), false, ReturnType.SUCCESS, "héllo\n", "", "out.txt", "/tmp/err")
                .withExec(List.of("cat"), false, ReturnType.SUCCESS, "", "in.txt", "", "")
                .withUser("")
                .withExec(List.of("id"));
        String json = RunnerPlans.toJson(RunnerPlans.forSteps(container));
        JsonNode steps = JSON.readTree(json).get("steps");

        JsonNode plain = steps.get(0).get("exec");
        for (String absent : List.of("user", "stdin", "redirectStdin", "redirectStdout", "redirectStderr")) {
            assertNull(plain.get(absent), absent + " travels only when set");
        }
        JsonNode piped = steps.get(1).get("exec");
        assertEquals("nobody:nogroup", piped.get("user").asText());
        assertEquals("héllo\n", new String(Base64.getDecoder().decode(piped.get("stdin").asText()),
                java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("/w/out.txt", piped.get("redirectStdout").asText(), "resolved against the workdir");
        assertEquals("/tmp/err", piped.get("redirectStderr").asText());
        assertNull(piped.get("redirectStdin"));
        JsonNode fromFile = steps.get(2).get("exec");
        assertEquals("/w/in.txt", fromFile.get("redirectStdin").asText());
        assertNull(fromFile.get("stdin"));
        assertEquals("0", steps.get(3).get("exec").get("user").asText(), "Dagger's empty user is root");
    }

    @Test
    void aServiceRunsAsTheContainersUserThroughTheRunner() throws Exception {
        Service service = Container.from("nginx").withUser("101:101").withExposedPort(8080)
                .asService(List.of("nginx", "-g", "daemon off;"), false);
        assertTrue(RunnerPlans.needsRunner(service.container()), "only the runner can switch users");
        JsonNode plan = JSON.readTree(RunnerPlans.toJson(RunnerPlans.forService(service)));
        assertEquals("101:101", plan.get("service").get("user").asText());
        assertEquals(0, plan.get("steps").size());
        assertNull(JSON.readTree(RunnerPlans.toJson(RunnerPlans.forService(seedHttpService()))).get("service")
                .get("user"));

        Service imageDefault = Container.from("nginx").withUser("nginx").withExposedPort(80).asService();
        ValidationException e = assertThrows(ValidationException.class, () -> RunnerPlans.forService(imageDefault));
        assertTrue(e.reason().contains("withUser"), e.reason());
    }
}
