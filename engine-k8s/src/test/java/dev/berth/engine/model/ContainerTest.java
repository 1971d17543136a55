package dev.berth.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerTest {

    private static final Container PYTHON = Container.from("python");

    @Test
    void fromNormalizesTheAddressAndLeavesImageDefaultsUnset() {
        assertEquals("docker.io/library/python:latest", PYTHON.image());
        assertEquals(Optional.empty(), PYTHON.workdir());
        assertEquals(Optional.empty(), PYTHON.entrypoint());
        assertEquals(Optional.empty(), PYTHON.defaultArgs());
        assertTrue(PYTHON.steps().isEmpty());
        assertTrue(PYTHON.envVariables().isEmpty());
    }

    @Test
    void withMethodsReturnNewInstancesAndLeaveTheOriginalAlone() {
        Digest before = PYTHON.digest();
        Container changed = PYTHON.withWorkdir("/srv")
                .withEnvVariable("A", "1")
                .withNewFile("/srv/index.html", "hi")
                .withEntrypoint(List.of("python"))
                .withDefaultArgs(List.of("-V"))
                .withExec(List.of("true"))
                .withExposedPort(8080)
                .withServiceBinding("db", Container.from("redis").asService(List.of("redis-server"), false))
                .withMountedCache("/cache", CacheVolume.of("c"));

        assertNotSame(PYTHON, changed);
        assertEquals(before, PYTHON.digest());
        assertEquals(Optional.empty(), PYTHON.workdir());
        assertTrue(PYTHON.envVariables().isEmpty());
        assertTrue(PYTHON.steps().isEmpty());
        assertTrue(PYTHON.exposedPorts().isEmpty());
        assertTrue(PYTHON.serviceBindings().isEmpty());
        assertTrue(PYTHON.mountedCaches().isEmpty());
    }

    @Test
    void exposedCollectionsAreUnmodifiable() {
        Container c = PYTHON.withEnvVariable("A", "1").withExposedPort(1).withExec(List.of("x"));
        assertThrows(UnsupportedOperationException.class, () -> c.envVariables().put("B", "2"));
        assertThrows(UnsupportedOperationException.class, () -> c.exposedPorts().clear());
        assertThrows(UnsupportedOperationException.class, () -> c.steps().clear());
        assertThrows(UnsupportedOperationException.class, () -> c.execs().get(0).env().put("B", "2"));
    }

    @Test
    void callerListsAreCopied() {
        List<String> args = new ArrayList<>(List.of("echo", "hi"));
        Container c = PYTHON.withExec(args).withEntrypoint(args);
        args.set(1, "changed");
        assertEquals(List.of("echo", "hi"), c.execs().get(0).args());
        assertEquals(Optional.of(List.of("echo", "hi")), c.entrypoint());
    }

    @Test
    void envVariableSetTwiceKeepsTheLastValue() {
        Container c = PYTHON.withEnvVariable("A", "1").withEnvVariable("A", "2");
        assertEquals(Optional.of("2"), c.envVariable("A"));
        assertEquals(PYTHON.withEnvVariable("A", "2"), c);
    }

    @Test
    void workdirResolvesRelativeToTheCurrentOne() {
        assertEquals(Optional.of("/srv/app"), PYTHON.withWorkdir("/srv").withWorkdir("app").workdir());
        assertEquals(Optional.of("/opt"), PYTHON.withWorkdir("/srv/").withWorkdir("../opt").workdir());
    }

    @Test
    void newFileResolvesAgainstWorkdirWithDefaultPermissions() {
        Container c = PYTHON.withWorkdir("/srv").withNewFile("index.html", "Hello, world!");
        assertEquals(List.of(new NewFile("/srv/index.html", "Hello, world!", 0644)), c.steps());
        assertEquals(0600, ((NewFile) PYTHON.withNewFile("/k", "s", 0600).steps().get(0)).permissions());
    }

    @Test
    void fileWrittenTwiceBetweenExecsKeepsTheLastContents() {
        Container twice = PYTHON.withNewFile("/a", "1").withNewFile("/a", "2");
        assertEquals(PYTHON.withNewFile("/a", "2"), twice);
    }

    @Test
    void fileWritesAroundAnExecStayDistinct() {
        Container c = PYTHON.withNewFile("/a", "1").withExec(List.of("cat", "/a")).withNewFile("/a", "2");
        assertEquals(3, c.steps().size());
        assertEquals("1", ((NewFile) c.steps().get(0)).contents());
        assertEquals("2", ((NewFile) c.steps().get(2)).contents());
    }

    @Test
    void withEntrypointDropsDefaultArgsLikeDagger() {
        Container c = PYTHON.withDefaultArgs(List.of("-V")).withEntrypoint(List.of("python3"));
        assertEquals(Optional.of(List.of("python3")), c.entrypoint());
        assertEquals(Optional.of(List.of()), c.defaultArgs());
        assertEquals(Optional.of(List.of("-c", "1")), c.withDefaultArgs(List.of("-c", "1")).defaultArgs());
    }

    @Test
    void execCapturesWorkdirAndEnvOfItsMoment() {
        Container c = PYTHON.withWorkdir("/w").withEnvVariable("A", "1")
                .withExec(List.of("env"))
                .withEnvVariable("A", "2").withWorkdir("/x");
        Exec exec = c.execs().get(0);
        assertEquals(Optional.of("/w"), exec.workdir());
        assertEquals("1", exec.env().get("A"));
        assertEquals(Optional.of("2"), c.envVariable("A"));
    }

    @Test
    void execWithKnownEntrypointPrependsItNow() {
        Exec exec = PYTHON.withEntrypoint(List.of("python", "-u")).withExec(List.of("app.py"), true, ReturnType.ANY)
                .execs().get(0);
        assertEquals(List.of("python", "-u", "app.py"), exec.args());
        assertFalse(exec.prependImageEntrypoint());
        assertEquals(ReturnType.ANY, exec.expect());
    }

    @Test
    void execWithUnknownImageEntrypointIsMarkedForTheRuntime() {
        Exec exec = PYTHON.withExec(List.of("--version"), true, ReturnType.SUCCESS).execs().get(0);
        assertEquals(List.of("--version"), exec.args());
        assertTrue(exec.prependImageEntrypoint());
    }

    @Test
    void execIgnoresEntrypointByDefault() {
        Exec exec = PYTHON.withEntrypoint(List.of("python")).withExec(List.of("ls")).execs().get(0);
        assertEquals(List.of("ls"), exec.args());
        assertFalse(exec.prependImageEntrypoint());
        assertEquals(ReturnType.SUCCESS, exec.expect());
    }

    @Test
    void exposingAPortAgainReplacesItAndProtocolsAreSeparate() {
        Container c = PYTHON.withExposedPort(53, NetworkProtocol.UDP, "dns", false)
                .withExposedPort(53, NetworkProtocol.TCP)
                .withExposedPort(53, NetworkProtocol.UDP, "dns over udp", true);
        assertEquals(List.of(
                new ExposedPort(53, NetworkProtocol.TCP, "", false),
                new ExposedPort(53, NetworkProtocol.UDP, "dns over udp", true)), c.exposedPorts());
    }

    @Test
    void withoutExposedPortRemovesOnlyThatEndpointAndToleratesMissingOnes() {
        Container c = PYTHON.withExposedPort(80).withExposedPort(80, NetworkProtocol.UDP);
        assertEquals(List.of(new ExposedPort(80, NetworkProtocol.UDP, "", false)),
                c.withoutExposedPort(80).exposedPorts());
        assertEquals(c, c.withoutExposedPort(81));
    }

    @Test
    void mountingAtTheSamePathAgainReplacesTheMount() {
        Container c = PYTHON.withMountedCache("/data", CacheVolume.of("a"))
                .withMountedCache("/data/", CacheVolume.of("b"), CacheSharingMode.SHARED);
        assertEquals(List.of(new CacheMount("/data", CacheVolume.of("b"), CacheSharingMode.SHARED)),
                c.mountedCaches());
        assertEquals(CacheSharingMode.SHARED,
                PYTHON.withMountedCache("/x", CacheVolume.of("a")).mountedCaches().get(0).sharing());
    }

    @Test
    void bindingsAreKeptByAlias() {
        Service redis = Container.from("redis").withExposedPort(6379).asService();
        Service db = Container.from("mariadb:10.11.2").withExposedPort(3306).asService();
        Container c = PYTHON.withServiceBinding("redis-srv", redis).withServiceBinding("db", db);
        assertEquals(List.of("db", "redis-srv"), c.serviceBindings().stream().map(ServiceBinding::alias).toList());
        assertEquals(redis, c.serviceBindings().get(1).service());
    }

    @Test
    void returnTypeAcceptsExitCodes() {
        assertTrue(ReturnType.SUCCESS.accepts(0));
        assertFalse(ReturnType.SUCCESS.accepts(3));
        assertTrue(ReturnType.FAILURE.accepts(3));
        assertFalse(ReturnType.FAILURE.accepts(0));
        assertTrue(ReturnType.ANY.accepts(0) && ReturnType.ANY.accepts(255));
    }
}
