package dev.berth.cli.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.module.ModuleMetadata.Arg;
import dev.berth.cli.module.ModuleMetadata.Function;
import dev.berth.cli.module.ModuleMetadata.Type;
import dev.berth.module.processor.ValueKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line of berth call, checked against a module's metadata before any session. */
class CallLineTest {

    static final ModuleMetadata MODULE = new ModuleMetadata("my.MyModule", "MyModule", "", List.of(
            new Function("httpService", "http-service", "", new Type(ValueKind.SERVICE, "dev.berth.sdk.Service", null),
                    List.of()),
            new Function("userList", "user-list", "", new Type(ValueKind.STRING, "java.lang.String", null),
                    List.of(arg("svc", ValueKind.SERVICE, null, List.of()))),
            new Function("tune", "tune", "", new Type(ValueKind.VOID, "void", null), List.of(
                    arg("count", ValueKind.INT, null, List.of()),
                    arg("dryRun", ValueKind.BOOLEAN, "false", List.of()),
                    arg("tags", ValueKind.STRING_LIST, "", List.of()),
                    arg("level", ValueKind.ENUM, "LOW", List.of("LOW", "HIGH")),
                    arg("ratio", ValueKind.DOUBLE, "1.5", List.of())))));

    static Arg arg(String name, ValueKind kind, String defaultValue, List<String> values) {
        return new Arg(name, name.equals("dryRun") ? "dry-run" : name, kind, "x", values, "", defaultValue);
    }

    @Test
    void flagsAreConvertedAndDefaultsApplied() throws Exception {
        CallLine line = CallLine.parse(MODULE, List.of("tune", "--count", "3", "--dry-run", "--tags=a,b", "--tags", "c",
                "--level=high"));
        assertEquals(3, line.arguments().get("count"));
        assertEquals(true, line.arguments().get("dryRun"));
        assertEquals(List.of("a", "b", "c"), line.arguments().get("tags"));
        assertEquals("HIGH", line.arguments().get("level"));
        assertEquals(1.5, line.arguments().get("ratio"));
    }

    @Test
    void aServiceIsATcpAddress() throws Exception {
        CallLine line = CallLine.parse(MODULE, List.of("user-list", "--svc=tcp://localhost:3306"));
        assertEquals(new ServiceAddress("localhost", 3306), line.arguments().get("svc"));
    }

    @Test
    void upWithPortsIsChainedOnAService() throws Exception {
        CallLine line = CallLine.parse(MODULE, List.of("http-service", "up", "--ports", "9000:8080", "--ports=9001:8081"));
        assertEquals(1, line.chain().size());
        assertEquals(ChainVerb.SERVICE_UP, line.chain().get(0).verb());
        assertEquals(List.of("9000:8080", "9001:8081"), line.chain().get(0).flags().get("ports"));
        CallLine random = CallLine.parse(MODULE, List.of("http-service", "up", "--random"));
        assertEquals(true, random.chain().get(0).flags().get("random"));
    }

    @Test
    void badInputIsOneLineNamingTheFlagAndWhatIsExpected() {
        assertEquals("unknown function 'nope'; MyModule has: http-service, user-list, tune", fail("nope"));
        assertEquals("unknown flag --cnt for tune; its flags: --count (int), --dry-run (boolean), "
                + "--tags (List<String>), --level (LOW|HIGH), --ratio (double)", fail("tune", "--cnt=1"));
        assertEquals("--count: \"three\" is not an int", fail("tune", "--count=three"));
        assertEquals("--level: \"mid\" is not one of LOW, HIGH", fail("tune", "--count=1", "--level=mid"));
        assertEquals("tune needs --count (int)", fail("tune"));
        assertEquals("--count is given 2 times; it takes one int", fail("tune", "--count=1", "--count=2"));
        assertEquals("--count needs a value (int)", fail("tune", "--count"));
        assertTrue(fail("user-list", "--svc=http://x:1").startsWith("--svc: \"http://x:1\" is not a service address"));
        assertEquals("'stdout' cannot follow a Service; chain one of: up, endpoint, hostname, start, stop",
                fail("http-service", "stdout"));
        assertEquals("nothing can follow user-list: it returns String, not 'up'",
                fail("user-list", "--svc=tcp://h:1", "up"));
        assertEquals("unknown flag --port for up; its flags: --ports, --random",
                fail("http-service", "up", "--port=1").replace("--random, --ports", "--ports, --random"));
        assertTrue(fail("http-service", "up", "--ports=70000:1").contains("ports 1-65535"));
    }

    @Test
    void helpIsRecognisedAfterTheFunction() throws Exception {
        assertTrue(CallLine.parse(MODULE, List.of("tune", "--help")).help());
    }

    private static String fail(String... tokens) {
        return assertThrows(UsageException.class, () -> CallLine.parse(MODULE, List.of(tokens))).getMessage();
    }
}
