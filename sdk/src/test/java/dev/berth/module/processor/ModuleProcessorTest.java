package dev.berth.module.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The processor run by a real javac on module sources, as berth call and Maven builds run it. */
class ModuleProcessorTest {

    @TempDir
    Path dir;

    @Test
    void writesFunctionsFlagsTypesDefaultsAndJavadoc() throws IOException {
        Compilation c = compile("""
                package my.mod;
                import dev.berth.module.annotation.Default;
                import dev.berth.module.annotation.Function;
                import dev.berth.module.annotation.Object;
                import dev.berth.sdk.Service;
                import java.util.List;
                /** Services of the seeds. */
                @Object
                public class MyModule {
                  public enum Level { LOW, HIGH }
                  /**
                   * Lists the users of a database.
                   * @param svc the database, e.g. tcp://localhost:3306
                   */
                  @Function
                  public String userList(Service svc) { return ""; }
                  /** Sets a key. */
                  @Function
                  public long setValue(@Default("foo") String key, int count, boolean dryRun, double ratio,
                      List<String> tags, Level level, Integer boxed) { return 0; }
                  @Function
                  public Service httpService() { return null; }
                  public void notAFunction() {}
                }
                """);
        assertTrue(c.ok, c.messages);
        String json = Files.readString(dir.resolve("out/META-INF/berth/module.json"));
        assertTrue(json.contains("\"class\": \"my.mod.MyModule\""), json);
        assertTrue(json.contains("\"description\": \"Services of the seeds.\""), json);
        assertTrue(json.contains("\"cliName\": \"user-list\""), json);
        assertTrue(json.contains("\"description\": \"Lists the users of a database.\""), json);
        assertTrue(json.contains("\"description\": \"the database, e.g. tcp://localhost:3306\""), json);
        assertTrue(json.contains("\"flag\": \"dry-run\""), json);
        assertTrue(json.contains("\"default\": \"foo\""), json);
        for (String kind : List.of("SERVICE", "STRING", "INT", "BOOLEAN", "DOUBLE", "STRING_LIST", "ENUM", "LONG")) {
            assertTrue(json.contains("\"kind\": \"" + kind + "\""), kind + " in " + json);
        }
        assertTrue(json.contains("\"javaType\": \"my.mod.MyModule$Level\""), json);
        assertTrue(json.contains("\"LOW\""), json);
        assertFalse(json.contains("notAFunction"), json);
    }

    @Test
    void anUnsupportedParameterTypeIsACompileErrorNamingIt() throws IOException {
        Compilation c = compile("""
                package my.mod;
                import dev.berth.module.annotation.Function;
                import dev.berth.module.annotation.Object;
                @Object
                public class MyModule {
                  @Function
                  public String read(java.io.File file) { return ""; }
                }
                """);
        assertFalse(c.ok);
        assertTrue(c.messages.contains("parameter file of @Function read has type java.io.File, which berth call "
                + "cannot read from a flag"), c.messages);
        assertFalse(Files.exists(dir.resolve("out/META-INF/berth/module.json")));
    }

    @Test
    void aPrivateFunctionAndAClassWithoutNoArgConstructorAreRefused() throws IOException {
        Compilation c = compile("""
                package my.mod;
                import dev.berth.module.annotation.Function;
                import dev.berth.module.annotation.Object;
                @Object
                public class MyModule {
                  public MyModule(String x) {}
                  @Function
                  String hidden() { return ""; }
                }
                """);
        assertFalse(c.ok);
        assertTrue(c.messages.contains("needs a public constructor without parameters"), c.messages);
    }

    @Test
    void kebabCaseOfJavaNames() {
        assertEquals("user-list", Names.kebab("userList"));
        assertEquals("http-service", Names.kebab("httpService"));
        assertEquals("parse-http-request", Names.kebab("parseHTTPRequest"));
        assertEquals("get", Names.kebab("get"));
        assertEquals("v2-api", Names.kebab("v2Api"));
    }

    private record Compilation(boolean ok, String messages) {
    }

    private Compilation compile(String source) throws IOException {
        Path src = dir.resolve("src/my/mod/MyModule.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path out = Files.createDirectories(dir.resolve("out"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter messages = new StringWriter();
        boolean ok = javac.getTask(messages, null, null,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString(),
                        "-processor", ModuleProcessor.class.getName()),
                null, javac.getStandardFileManager(null, null, null).getJavaFileObjects(src)).call();
        return new Compilation(ok, messages.toString());
    }
}
