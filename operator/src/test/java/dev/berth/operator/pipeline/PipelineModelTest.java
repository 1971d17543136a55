package dev.berth.operator.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.engine.model.CacheSharingMode;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.Exec;
import dev.berth.engine.model.NewFile;
import dev.berth.engine.model.ReturnType;
import dev.berth.engine.model.Service;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class PipelineModelTest {

    static final Path EXAMPLES = Path.of("..", "e2e", "examples", "pipelines");

    // ---- the examples map onto the engine model ------------------------------------------------

    @Test
    void httpExampleIsTheSeedBuiltThroughTheModel() throws IOException {
        PipelineModel model = PipelineModel.from(example("http-service.yaml").getSpec());

        // The seed, written against the model API: same definition, same digest and hostname.
        Service seed = Container.from("python").withWorkdir("/srv").withNewFile("index.html", "Hello, world!")
                .withExposedPort(8080).asService(List.of("python", "-m", "http.server", "8080"), false);
        assertEquals(seed, model.services().get("http"));
        assertEquals(seed.hostname(), model.services().get("http").hostname());

        Container client = Container.from("alpine").withServiceBinding("www", seed)
                .withExec(List.of("wget", "-O-", "http://www:8080"));
        assertEquals(1, model.steps().size());
        assertEquals("get", model.step(0).name());
        assertEquals(client, model.step(0).container());
    }

    @Test
    void redisExampleUsesTheCacheAndTheEntrypoint() throws IOException {
        PipelineModel model = PipelineModel.from(example("redis-cache.yaml").getSpec());
        Service redis = model.services().get("redis");
        assertEquals("/data", redis.container().mountedCaches().get(0).path());
        assertEquals("my-redis", redis.container().mountedCaches().get(0).cache().key());
        assertEquals(CacheSharingMode.SHARED, redis.container().mountedCaches().get(0).sharing());
        assertTrue(redis.command().entrypoint().isEmpty(), "the image's own entrypoint");

        assertEquals(List.of("set", "get"), model.steps().stream().map(PipelineModel.ModelStep::name).toList());
        Exec get = model.step(1).container().execs().get(0);
        assertEquals(List.of("redis-cli", "-h", "redis-srv", "get", "foo"), get.args());
        assertEquals(model.step(0).container().serviceBindings().get(0).service(),
                model.step(1).container().serviceBindings().get(0).service(), "both steps bind one service");
    }

    @Test
    void mariadbExampleWritesAnExecutableScript() throws IOException {
        PipelineModel model = PipelineModel.from(example("mariadb-app-tests.yaml").getSpec());
        Container step = model.step(0).container();
        NewFile script = (NewFile) step.steps().get(0);
        assertEquals("/opt/app/run-tests.sh", script.path());
        assertEquals(0755, script.permissions());
        assertEquals("mysql://user:password@db/drupal", step.envVariable("SIMPLETEST_DB").orElseThrow());
        assertEquals("db", step.serviceBindings().get(0).alias());
        assertEquals("root", model.services().get("mariadb").container().envVariable("MARIADB_ROOT_PASSWORD")
                .orElseThrow());
    }

    @Test
    void failingExampleKeepsExpect() throws IOException {
        PipelineModel model = PipelineModel.from(example("failing-step.yaml").getSpec());
        assertEquals(ReturnType.FAILURE, model.step(0).container().execs().get(0).expect());
        assertEquals(ReturnType.SUCCESS, model.step(1).container().execs().get(0).expect());
        assertTrue(model.services().isEmpty());
    }

    @Test
    void optionalFieldsTakeDaggersDefaults() {
        PipelineSpec spec = spec(s -> {
            s.getServices().add(service("svc", "busybox", List.of("sleep", "60"), 53));
            PortSpec udp = new PortSpec(53);
            udp.setProtocol(dev.berth.engine.model.NetworkProtocol.UDP);
            udp.setSkipHealthcheck(true);
            s.getServices().get(0).getPorts().add(udp);
            s.getServices().get(0).setHostname("dns");
        });
        PipelineModel model = PipelineModel.from(spec);
        Service svc = model.services().get("svc");
        assertEquals("dns", svc.hostname());
        assertEquals(2, svc.exposedPorts().size());
        assertTrue(svc.exposedPorts().get(1).experimentalSkipHealthcheck());
        assertFalse(svc.exposedPorts().get(0).experimentalSkipHealthcheck());
    }

    // ---- every error names the spec field --------------------------------------------------------

    @Test
    void missingSpecOrSteps() {
        assertPath("spec", () -> PipelineModel.from(null));
        assertPath("spec.steps", () -> PipelineModel.from(new PipelineSpec()));
    }

    @Test
    void missingOrInvalidImage() {
        assertPath("spec.steps[0].image", spec(s -> s.getSteps().get(0).setImage(null)));
        assertPath("spec.steps[0].image", spec(s -> s.getSteps().get(0).setImage("Alpine")), "lowercase");
        assertPath("spec.services[0].image", spec(s -> {
            s.getServices().add(service("www", null, List.of("python"), 8080));
        }));
    }

    @Test
    void portOutsideRange() {
        assertPath("spec.services[0].ports[0].port",
                spec(s -> s.getServices().add(service("www", "python", List.of("python"), 70000))), "65535");
        assertPath("spec.services[0].ports[0].port",
                spec(s -> s.getServices().add(service("www", "python", List.of("python"), 0))), "between 1");
        assertPath("spec.services[0].ports[1].port", spec(s -> {
            s.getServices().add(service("www", "python", List.of("python"), 8080));
            s.getServices().get(0).getPorts().add(new PortSpec());
        }), "is required");
    }

    @Test
    void duplicateAliasWithinAStep() {
        assertPath("spec.steps[1].services[1].alias", spec(s -> {
            s.getServices().add(service("a", "python", List.of("python"), 8080));
            s.getServices().add(service("b", "python", List.of("python"), 8081));
            s.getSteps().add(step("second", "alpine", List.of("true")));
            s.getSteps().get(1).getServices().add(new BindingSpec("www", "a"));
            s.getSteps().get(1).getServices().add(new BindingSpec("www", "b"));
        }), "already bound");
    }

    @Test
    void unknownServiceInABinding() {
        assertPath("spec.steps[0].services[0].service", spec(s -> {
            s.getServices().add(service("http", "python", List.of("python"), 8080));
            s.getSteps().get(0).getServices().add(new BindingSpec("www", "htpp"));
        }), "unknown service \"htpp\"");
    }

    @Test
    void invalidAlias() {
        assertPath("spec.steps[1].services[0].alias", spec(s -> {
            s.getServices().add(service("http", "python", List.of("python"), 8080));
            s.getSteps().add(step("second", "alpine", List.of("true")));
            s.getSteps().get(1).getServices().add(new BindingSpec("Web_Server", "http"));
        }), "RFC 1123");
    }

    @Test
    void duplicateNames() {
        assertPath("spec.services[1].name", spec(s -> {
            s.getServices().add(service("http", "python", List.of("python"), 8080));
            s.getServices().add(service("http", "python", List.of("python"), 8081));
        }), "more than once");
        assertPath("spec.steps[1].name", spec(s -> s.getSteps().add(step("hello", "alpine", List.of("true")))),
                "more than once");
        assertPath("spec.steps[0].name", spec(s -> s.getSteps().get(0).setName("Hello World")), "RFC 1123");
        assertPath("spec.services[0].name",
                spec(s -> s.getServices().add(service(null, "python", List.of("python"), 8080))), "is required");
    }

    @Test
    void emptyOrMissingExec() {
        assertPath("spec.steps[0].exec", spec(s -> s.getSteps().get(0).setExec(List.of())), "at least the command");
        assertPath("spec.steps[0].exec", spec(s -> s.getSteps().get(0).setExec(null)));
        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        assertPath("spec.steps[0].exec", spec(s -> s.getSteps().get(0).setExec(withNull)), "element 0");
    }

    @Test
    void pathsAndFiles() {
        assertPath("spec.steps[0].workdir", spec(s -> s.getSteps().get(0).setWorkdir("srv")), "relative");
        assertPath("spec.steps[0].files[0].path",
                spec(s -> s.getSteps().get(0).getFiles().add(new FileSpec("index.html", "x", null))), "workdir");
        assertPath("spec.steps[0].files[0].permissions",
                spec(s -> s.getSteps().get(0).getFiles().add(new FileSpec("/a", "x", 010000))), "07777");
        assertPath("spec.steps[0].caches[0].path",
                spec(s -> s.getSteps().get(0).getCaches().add(new CacheSpec("cache", "c"))), "absolute");
        assertPath("spec.steps[0].caches[0].volume",
                spec(s -> s.getSteps().get(0).getCaches().add(new CacheSpec("/cache", " "))), "blank");
        assertPath("spec.steps[0].caches[1].sharing", spec(s -> {
            s.getSteps().get(0).getCaches().add(new CacheSpec("/a", "a"));
            CacheSpec locked = new CacheSpec("/b", "b");
            locked.setSharing(CacheSharingMode.LOCKED);
            s.getSteps().get(0).getCaches().add(locked);
        }), "LOCKED is not supported yet");
        assertPath("spec.services[0].caches[0].sharing", spec(s -> {
            s.getServices().add(service("redis", "redis", List.of("redis-server"), 6379));
            CacheSpec copy = new CacheSpec("/data", "r");
            copy.setSharing(CacheSharingMode.PRIVATE);
            s.getServices().get(0).getCaches().add(copy);
        }), "PRIVATE is not supported yet");
        assertPath("spec.steps[0].env[1].name", spec(s -> {
            s.getSteps().get(0).getEnv().add(new EnvVarSpec("OK", "1"));
            s.getSteps().get(0).getEnv().add(new EnvVarSpec("A=B", "1"));
        }), "'='");
    }

    @Test
    void commandsBerthCannotKnow() {
        assertPath("spec.steps[0].useEntrypoint", spec(s -> s.getSteps().get(0).setUseEntrypoint(true)), "ENTRYPOINT");
        assertPath("spec.services[0].args", spec(s -> {
            ServiceSpec http = service("http", "python", null, 8080);
            http.setWorkdir("/srv");
            http.getFiles().add(new FileSpec("index.html", "Hello", null));
            s.getServices().add(http);
        }), "ENTRYPOINT/CMD");
        assertPath("spec.services[0].args", spec(s -> {
            ServiceSpec none = service("none", "busybox", null, 80);
            none.setEntrypoint(List.of());
            s.getServices().add(none);
        }), "no command");
        assertPath("spec.services[0].hostname", spec(s -> {
            s.getServices().add(service("http", "python", List.of("python"), 8080));
            s.getServices().get(0).setHostname("1st");
        }), "starting with a letter");
    }

    @Test
    void modelFieldsWithoutASpecPropertyStayVisible() {
        PipelineValidationException e = PipelineModel.translate("spec.steps[0]",
                new dev.berth.engine.model.ValidationException("somethingNew.arg", "bad"));
        assertEquals("spec.steps[0]", e.path());
        assertEquals("bad (somethingNew.arg)", e.reason());
    }

    // ---- helpers -----------------------------------------------------------------------------

    /**
     * Reads an example as kubectl does: YAML 1.1, where {@code 0755} is octal. (fabric8's own
     * YAML reader follows YAML 1.2 and would read it as decimal 755.)
     */
    static Pipeline example(String name) throws IOException {
        Object yaml = new Yaml().load(Files.readString(EXAMPLES.resolve(name)));
        return new KubernetesSerialization().convertValue(yaml, Pipeline.class);
    }

    /** A valid one-step spec, then changed by {@code edit}. */
    static PipelineSpec spec(Consumer<PipelineSpec> edit) {
        PipelineSpec spec = new PipelineSpec();
        spec.getSteps().add(step("hello", "alpine", List.of("echo", "hi")));
        edit.accept(spec);
        return spec;
    }

    static StepSpec step(String name, String image, List<String> exec) {
        StepSpec step = new StepSpec();
        step.setName(name);
        step.setImage(image);
        step.setExec(exec);
        return step;
    }

    static ServiceSpec service(String name, String image, List<String> args, int port) {
        ServiceSpec service = new ServiceSpec();
        service.setName(name);
        service.setImage(image);
        service.setArgs(args);
        service.getPorts().add(new PortSpec(port));
        return service;
    }

    static void assertPath(String path, PipelineSpec spec) {
        assertPath(path, spec, "");
    }

    static void assertPath(String path, PipelineSpec spec, String reasonContains) {
        assertPath(path, () -> PipelineModel.from(spec), reasonContains);
    }

    static void assertPath(String path, org.junit.jupiter.api.function.Executable call) {
        assertPath(path, call, "");
    }

    static void assertPath(String path, org.junit.jupiter.api.function.Executable call, String reasonContains) {
        PipelineValidationException e = assertThrows(PipelineValidationException.class, call);
        assertEquals(path, e.path(), e.getMessage());
        assertTrue(e.reason().contains(reasonContains), () -> "reason of " + e.getMessage());
    }
}
