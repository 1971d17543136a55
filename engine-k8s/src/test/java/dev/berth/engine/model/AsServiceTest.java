package dev.berth.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every branch of the command choice in {@link Container#asService(List, boolean, AsServiceRule)}. */
class AsServiceTest {

    private static final List<String> HTTP = List.of("python", "-m", "http.server", "8080");
    private static final Container PYTHON = Container.from("python").withExposedPort(8080);

    @Test
    void argsAreTheWholeCommandByDefault() {
        Service service = PYTHON.withEntrypoint(List.of("tini", "--")).asService(HTTP, false);
        assertEquals(Optional.of(HTTP), service.command().fullArgv());
        assertEquals(PYTHON.withEntrypoint(List.of("tini", "--")), service.container());
    }

    @Test
    void argsArePrefixedByAKnownEntrypointWhenAsked() {
        Service service = PYTHON.withEntrypoint(List.of("tini", "--")).asService(HTTP, true);
        assertEquals(Optional.of(List.of("tini", "--", "python", "-m", "http.server", "8080")),
                service.command().fullArgv());
    }

    @Test
    void argsWithTheImageEntrypointLeaveItToTheImage() {
        Service service = PYTHON.asService(List.of("-m", "http.server"), true);
        assertEquals(new ServiceCommand(Optional.empty(), Optional.of(List.of("-m", "http.server"))),
                service.command());
        assertEquals(Optional.empty(), service.command().fullArgv());
    }

    @Test
    void argsWinOverAnExec() {
        Container withExec = PYTHON.withExec(List.of("pip", "install", "x"));
        Service service = withExec.asService(HTTP, false);
        assertEquals(Optional.of(HTTP), service.command().fullArgv());
        assertEquals(1, service.container().execs().size(), "the exec still runs before the service");
    }

    @Test
    void legacyFormUsesTheLastExecAndDoesNotRunIt() {
        Container container = PYTHON.withWorkdir("/srv")
                .withExec(List.of("sh", "-c", "echo hi > index.html"))
                .withExec(HTTP);
        Service service = container.asService();
        assertEquals(Optional.of(HTTP), service.command().fullArgv());
        assertEquals(List.of(List.of("sh", "-c", "echo hi > index.html")),
                service.container().execs().stream().map(Exec::args).toList());
    }

    @Test
    void legacyFormEqualsTheArgsForm() {
        Container prepared = Container.from("python").withWorkdir("/srv")
                .withNewFile("index.html", "Hello, world!");
        Service legacy = prepared.withExec(HTTP).withExposedPort(8080).asService();
        Service modern = prepared.withExposedPort(8080).asService(HTTP, false);
        assertEquals(modern, legacy);
        assertEquals(modern.hostname(), legacy.hostname());
    }

    @Test
    void legacyFormKeepsFilesWrittenAfterTheExec() {
        Service service = PYTHON.withExec(HTTP).withNewFile("/srv/index.html", "hi").asService();
        assertEquals(List.of(new NewFile("/srv/index.html", "hi", 0644)), service.container().steps());
    }

    @Test
    void legacyFormHonoursTheExecsEntrypointChoice() {
        Service known = PYTHON.withEntrypoint(List.of("python")).withExec(List.of("-m", "http.server"), true,
                ReturnType.SUCCESS).asService();
        assertEquals(Optional.of(List.of("python", "-m", "http.server")), known.command().fullArgv());

        Service image = PYTHON.withExec(List.of("-m", "http.server"), true, ReturnType.SUCCESS).asService();
        assertEquals(new ServiceCommand(Optional.empty(), Optional.of(List.of("-m", "http.server"))),
                image.command());
    }

    @Test
    void sinceV015EveryExecIsABuildStepAndTheDefaultCommandRuns() {
        Container container = PYTHON.withWorkdir("/srv")
                .withExec(List.of("sh", "-c", "echo hi > index.html"))
                .withEntrypoint(List.of("python", "-m"))
                .withDefaultArgs(List.of("http.server", "8080"));
        Service service = container.asService(List.of(), false, AsServiceRule.DEFAULT_COMMAND);
        assertEquals(Optional.of(HTTP), service.command().fullArgv());
        assertEquals(container, service.container(), "the exec stays a step");
        assertEquals(Optional.of(List.of("sh", "-c", "echo hi > index.html")),
                container.asService().command().fullArgv(), "the old rule takes the last exec instead");
    }

    @Test
    void sinceV015ExecsBeforeTheImagesOwnCommandAreRefusedNotGuessed() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> PYTHON.withExec(HTTP).asService(List.of(), false, AsServiceRule.DEFAULT_COMMAND));
        assertEquals("asService.args", e.field());
        assertTrue(e.reason().contains("since Dagger v0.15") && e.reason().contains("asService(args"), e.reason());
        // nothing to run first: the image's own command is left to the container runtime, as before
        assertEquals(new ServiceCommand(Optional.empty(), Optional.empty()),
                Container.from("redis").asService(List.of(), false, AsServiceRule.DEFAULT_COMMAND).command());
    }

    @Test
    void argsMeanTheSameUnderBothRules() {
        Container withExec = PYTHON.withExec(List.of("pip", "install", "x"));
        assertEquals(withExec.asService(HTTP, false, AsServiceRule.LAST_EXEC),
                withExec.asService(HTTP, false, AsServiceRule.DEFAULT_COMMAND));
    }

    @Test
    void withoutArgsOrExecTheImageDefaultsRun() {
        Service service = Container.from("redis").withExposedPort(6379).asService();
        assertEquals(new ServiceCommand(Optional.empty(), Optional.empty()), service.command());
        assertEquals(Optional.empty(), service.command().fullArgv());
    }

    @Test
    void withoutArgsOrExecTheEntrypointAndDefaultArgsRun() {
        Service service = Container.from("redis").withEntrypoint(List.of("redis-server"))
                .withDefaultArgs(List.of("--port", "6380")).asService();
        assertEquals(Optional.of(List.of("redis-server", "--port", "6380")), service.command().fullArgv());
    }

    @Test
    void defaultArgsAloneRunWithTheImageEntrypoint() {
        Service service = Container.from("redis").withDefaultArgs(List.of("--port", "6380")).asService();
        assertEquals(new ServiceCommand(Optional.empty(), Optional.of(List.of("--port", "6380"))),
                service.command());
    }

    @Test
    void emptyEntrypointWithDefaultArgsRunsTheArgsAsTheCommand() {
        Service service = Container.from("redis").withEntrypoint(List.of())
                .withDefaultArgs(List.of("redis-server")).asService();
        assertEquals(ServiceCommand.argv(List.of("redis-server")), service.command());
    }

    @Test
    void nothingToRunIsAValidationError() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> Container.from("redis").withEntrypoint(List.of()).asService());
        assertEquals("asService.args", e.field());
        assertTrue(e.reason().startsWith("service has no command"), e.reason());
    }

    @Test
    void serviceExposesTheContainersPorts() {
        assertEquals(List.of(new ExposedPort(8080, NetworkProtocol.TCP, "", false)),
                PYTHON.asService(HTTP, false).exposedPorts());
    }

    @Test
    void withHostnameReturnsANewServiceAndLeavesTheOriginal() {
        Service service = PYTHON.asService(HTTP, false);
        Service named = service.withHostname("www");
        assertEquals("www", named.hostname());
        assertEquals(Hostnames.of(service.digest()), service.hostname());
        assertEquals(service.container(), named.container());
    }
}
