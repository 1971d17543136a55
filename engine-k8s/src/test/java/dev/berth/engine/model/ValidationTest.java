package dev.berth.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each rejected input names its field and says why, before anything reaches Kubernetes. */
class ValidationTest {

    private static final Container ALPINE = Container.from("alpine");
    private static final Service REDIS = Container.from("redis").asService();

    static Stream<Arguments> invalidInputs() {
        return Stream.of(
                invalid("empty image", () -> Container.from(""), "from.address", "must not be empty"),
                invalid("blank image", () -> Container.from("  "), "from.address", "must not be empty"),
                invalid("null image", () -> Container.from(null), "from.address", "must not be null"),
                invalid("port 0", () -> ALPINE.withExposedPort(0), "withExposedPort.port",
                        "must be between 1 and 65535, got 0"),
                invalid("port 70000", () -> ALPINE.withExposedPort(70000), "withExposedPort.port",
                        "must be between 1 and 65535, got 70000"),
                invalid("negative port", () -> ALPINE.withExposedPort(-1, NetworkProtocol.UDP),
                        "withExposedPort.port", "got -1"),
                invalid("null protocol", () -> ALPINE.withExposedPort(80, null), "withExposedPort.protocol",
                        "must not be null"),
                invalid("without port 70000", () -> ALPINE.withoutExposedPort(70000), "withoutExposedPort.port",
                        "got 70000"),
                invalid("alias with underscore", () -> ALPINE.withServiceBinding("my_db", REDIS),
                        "withServiceBinding.alias", "RFC 1123"),
                invalid("alias uppercase", () -> ALPINE.withServiceBinding("DB", REDIS),
                        "withServiceBinding.alias", "got \"DB\""),
                invalid("alias leading dash", () -> ALPINE.withServiceBinding("-db", REDIS),
                        "withServiceBinding.alias", "RFC 1123"),
                invalid("alias with dot", () -> ALPINE.withServiceBinding("db.local", REDIS),
                        "withServiceBinding.alias", "RFC 1123"),
                invalid("alias too long", () -> ALPINE.withServiceBinding("a".repeat(64), REDIS),
                        "withServiceBinding.alias", "at most 63"),
                invalid("empty alias", () -> ALPINE.withServiceBinding("", REDIS),
                        "withServiceBinding.alias", "must not be empty"),
                invalid("null service", () -> ALPINE.withServiceBinding("db", null),
                        "withServiceBinding.service", "must not be null"),
                invalid("duplicate alias", () -> ALPINE.withServiceBinding("db", REDIS).withServiceBinding("db", REDIS),
                        "withServiceBinding.alias", "alias \"db\" is already bound"),
                invalid("no command", () -> ALPINE.withEntrypoint(List.of()).asService(),
                        "asService.args", "service has no command"),
                invalid("no command, empty default args", () -> ALPINE.withEntrypoint(List.of())
                        .withDefaultArgs(List.of()).asService(List.of(), true), "asService.args",
                        "service has no command"),
                invalid("null element in service args", () -> ALPINE.asService(Arrays.asList("a", null), false),
                        "asService.args", "element 1 must not be null"),
                invalid("empty exec", () -> ALPINE.withExec(List.of()), "withExec.args",
                        "must contain at least the command"),
                invalid("null exec", () -> ALPINE.withExec(null), "withExec.args", "must not be null"),
                invalid("null exec expect", () -> ALPINE.withExec(List.of("ls"), false, null), "withExec.expect",
                        "must not be null"),
                invalid("env name with =", () -> ALPINE.withEnvVariable("A=B", "1"), "withEnvVariable.name",
                        "without '='"),
                invalid("env name empty", () -> ALPINE.withEnvVariable("", "1"), "withEnvVariable.name",
                        "must not be empty"),
                invalid("env name with space", () -> ALPINE.withEnvVariable("A B", "1"), "withEnvVariable.name",
                        "got \"A B\""),
                invalid("env name non-ascii", () -> ALPINE.withEnvVariable("Ä", "1"), "withEnvVariable.name",
                        "printable ASCII"),
                invalid("env value null", () -> ALPINE.withEnvVariable("A", null), "withEnvVariable.value",
                        "must not be null"),
                invalid("relative file without workdir", () -> ALPINE.withNewFile("index.html", "x"),
                        "withNewFile.path", "needs an absolute path or a withWorkdir"),
                invalid("empty file path", () -> ALPINE.withWorkdir("/srv").withNewFile("", "x"),
                        "withNewFile.path", "must not be empty"),
                invalid("file mode too large", () -> ALPINE.withNewFile("/a", "x", 010000), "withNewFile.permissions",
                        "between 0 and 07777"),
                invalid("null file contents", () -> ALPINE.withNewFile("/a", null), "withNewFile.contents",
                        "must not be null"),
                invalid("relative workdir without workdir", () -> ALPINE.withWorkdir("srv"), "withWorkdir.path",
                        "relative path \"srv\""),
                invalid("relative cache path", () -> ALPINE.withMountedCache("data", CacheVolume.of("c")),
                        "withMountedCache.path", "must be an absolute path, got \"data\""),
                invalid("empty cache path", () -> ALPINE.withMountedCache("", CacheVolume.of("c")),
                        "withMountedCache.path", "must not be empty"),
                invalid("null cache", () -> ALPINE.withMountedCache("/data", null), "withMountedCache.cache",
                        "must not be null"),
                invalid("null sharing", () -> ALPINE.withMountedCache("/data", CacheVolume.of("c"), null),
                        "withMountedCache.sharing", "must not be null"),
                invalid("locked sharing", () -> ALPINE.withMountedCache("/data", CacheVolume.of("c"),
                        CacheSharingMode.LOCKED), "withMountedCache.sharing", "LOCKED is not supported yet: Berth's "
                        + "cache volumes are node directories shared by every pod; use SHARED"),
                invalid("private sharing", () -> ALPINE.withMountedCache("/data", CacheVolume.of("c"),
                        CacheSharingMode.PRIVATE), "withMountedCache.sharing", "PRIVATE is not supported yet"),
                invalid("blank cache key", () -> CacheVolume.of(" "), "cacheVolume.key", "must not be empty"),
                invalid("hostname uppercase", () -> REDIS.withHostname("Redis"), "withHostname.name",
                        "got \"Redis\""),
                invalid("hostname leading digit", () -> REDIS.withHostname("1redis"), "withHostname.name",
                        "starting with a letter"),
                invalid("hostname too long", () -> REDIS.withHostname("r".repeat(64)), "withHostname.name",
                        "at most 63"),
                invalid("hostname empty", () -> REDIS.withHostname(""), "withHostname.name", "must not be empty"),
                invalid("entrypoint null element", () -> ALPINE.withEntrypoint(Arrays.asList("sh", null)),
                        "withEntrypoint.args", "element 1 must not be null"),
                invalid("default args null", () -> ALPINE.withDefaultArgs(null), "withDefaultArgs.args",
                        "must not be null"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidInputs")
    void rejectsWithFieldAndReason(String description, Executable call, String field, String reasonPart) {
        ValidationException e = assertThrows(ValidationException.class, call, description);
        assertEquals(field, e.field(), description);
        assertTrue(e.reason().contains(reasonPart), () -> description + ": reason was \"" + e.reason() + "\"");
        assertEquals(field + ": " + e.reason(), e.getMessage());
    }

    @Test
    void validationHappensBeforeAnyStateChanges() {
        Container base = ALPINE.withExposedPort(80);
        assertThrows(ValidationException.class, () -> base.withExposedPort(0));
        assertEquals(ALPINE.withExposedPort(80), base);
    }

    @Test
    void validBoundaryValuesAreAccepted() {
        ALPINE.withExposedPort(1).withExposedPort(65535)
                .withServiceBinding("a".repeat(63), REDIS)
                .withServiceBinding("0db-1", REDIS)
                .withEnvVariable("_A.b-c", "")
                .withNewFile("/a", "", 0)
                .withNewFile("/b", "", 07777)
                .withMountedCache("/", CacheVolume.of("root"))
                .asService(List.of("sh"), false)
                .withHostname("r".repeat(63));
    }

    private static Arguments invalid(String description, Supplier<?> call, String field, String reasonPart) {
        Executable executable = call::get;
        return Arguments.of(description, executable, field, reasonPart);
    }
}
