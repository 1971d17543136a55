package dev.berth.cli.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.module.processor.ValueKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiling the repository's example modules with the real JDK compiler and the SDK's processor. */
class ModuleCompilerTest {

    static final Path EXAMPLES = Path.of("..", "examples", "java").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void compilesOnceThenServesTheCacheUntilASourceChanges() throws Exception {
        Path module = copy("redis-cache");
        ModuleCompiler compiler = new ModuleCompiler(dir.resolve("cache"));
        CompiledModule first = compiler.compile(ModuleSource.find(module));
        assertTrue(first.compileTime().isPresent(), "compiled the first time");
        assertEquals(java.util.List.of("redis", "set", "get"), first.metadata().functionNames());
        assertEquals(ValueKind.CONTAINER, first.metadata().function("redis").orElseThrow().returns().kind());

        CompiledModule second = compiler.compile(ModuleSource.find(module));
        assertFalse(second.compileTime().isPresent(), "served from the cache");
        assertEquals(first.classes(), second.classes());

        Path source = module.resolve("src/main/java/dev/berth/examples/rediscache/MyModule.java");
        Files.writeString(source, Files.readString(source).replace("Get a value", "Read a value"));
        CompiledModule third = compiler.compile(ModuleSource.find(module));
        assertTrue(third.compileTime().isPresent(), "a changed source is compiled again");
        assertNotEquals(first.classes(), third.classes());
        assertEquals("Read a value from the Redis service.",
                third.metadata().function("get").orElseThrow().description());
    }

    @Test
    void concurrentCallsCompilingTheSameModuleBothSucceed() throws Exception {
        Path module = copy("redis-cache");
        ModuleCompiler compiler = new ModuleCompiler(dir.resolve("cache"));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<CompiledModule>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> compiler.compile(ModuleSource.find(module))));
            }
            for (var result : results) {
                assertEquals(java.util.List.of("redis", "set", "get"), result.get().metadata().functionNames());
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> left = Files.list(dir.resolve("cache"))) {
            assertEquals(1, left.count(), "one compiled copy, no temporary directories left");
        }
    }

    @Test
    void resourcesAreCopiedBesideTheClasses() throws Exception {
        CompiledModule module = new ModuleCompiler(dir.resolve("cache"))
                .compile(ModuleSource.find(EXAMPLES.resolve("mariadb-test")));
        assertTrue(Files.readString(module.classes().resolve("run-tests.sh")).startsWith("#!/bin/bash"));
    }

    @Test
    void aModuleThatDoesNotCompileReportsTheCompilersMessage() throws Exception {
        Path module = copy("http-service");
        Path source = module.resolve("src/main/java/dev/berth/examples/httpservice/MyModule.java");
        Files.writeString(source, Files.readString(source).replace(".stdout();", ".stdout()"));
        UsageException e = assertThrows(UsageException.class,
                () -> new ModuleCompiler(dir.resolve("cache")).compile(ModuleSource.find(module)));
        assertTrue(e.getMessage().contains("does not compile"), e.getMessage());
        assertTrue(e.getMessage().contains("MyModule.java:") && e.getMessage().contains("';' expected"), e.getMessage());
    }

    @Test
    void aDirectoryWithoutSourcesOrWithoutAnObjectIsNamed() throws Exception {
        UsageException none = assertThrows(UsageException.class, () -> ModuleSource.find(dir));
        assertTrue(none.getMessage().contains("no Java sources"), none.getMessage());
        Files.writeString(dir.resolve("Plain.java"), "public class Plain {}");
        UsageException noObject = assertThrows(UsageException.class,
                () -> new ModuleCompiler(dir.resolve("cache")).compile(ModuleSource.find(dir)));
        assertTrue(noObject.getMessage().contains("has no @Object class"), noObject.getMessage());
    }

    private Path copy(String example) throws IOException {
        Path from = EXAMPLES.resolve(example);
        Path to = dir.resolve(example);
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}
