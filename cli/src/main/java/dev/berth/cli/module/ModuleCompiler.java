package dev.berth.cli.module;

import dev.berth.module.processor.ModuleProcessor;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles a module with the JDK's compiler, in this process, against the SDK this CLI carries;
 * the SDK's annotation processor writes the metadata. Results are kept in
 * {@code <cache>/<digest of the sources and the SDK>/}, so a module is compiled once until its
 * sources change.
 */
public final class ModuleCompiler {

    private final Path cacheRoot;
    private final List<Path> classpath;

    public ModuleCompiler(Path cacheRoot) {
        this(cacheRoot, Classpath.ofThisProcess());
    }

    ModuleCompiler(Path cacheRoot, List<Path> classpath) {
        this.cacheRoot = cacheRoot;
        this.classpath = classpath;
    }

    /** {@code $BERTH_CACHE_DIR}, else {@code $XDG_CACHE_HOME/berth}, else {@code ~/.cache/berth}; then {@code modules}. */
    public static Path defaultCacheRoot() {
        String berth = System.getenv("BERTH_CACHE_DIR");
        if (berth != null && !berth.isBlank()) {
            return Path.of(berth, "modules");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("berth").resolve("modules");
    }

    public CompiledModule compile(ModuleSource source) throws IOException, UsageException {
        Path cached = cacheRoot.resolve(source.digest(Classpath.identity(classpath)));
        Path metadata = cached.resolve(ModuleProcessor.METADATA);
        if (Files.isRegularFile(metadata)) {
            return new CompiledModule(cached, ModuleMetadata.read(metadata), Optional.empty());
        }
        long started = System.nanoTime();
        Files.createDirectories(cacheRoot);
        Path output = Files.createTempDirectory(cacheRoot, "compiling-");
        try {
            javac(source, output);
            for (Path resource : source.resources()) {
                Path target = output.resolve(source.resourceRoot().relativize(resource).toString());
                Files.createDirectories(target.getParent());
                Files.copy(resource, target);
            }
            if (!Files.isRegularFile(output.resolve(ModuleProcessor.METADATA))) {
                throw new UsageException("the module at " + source.directory() + " has no @Object class "
                        + "(dev.berth.module.annotation.Object) with @Function methods");
            }
            publish(output, cached);
        } finally {
            deleteTree(output);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        return new CompiledModule(cached, ModuleMetadata.read(metadata), Optional.of(took));
    }

    private void javac(ModuleSource source, Path output) throws IOException, UsageException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new UsageException("this Java runtime has no compiler (javax.tools): run berth with a JDK, not a JRE");
        }
        List<String> options = new ArrayList<>(List.of(
                "-classpath", classpath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)),
                "-d", output.toString(),
                "-processor", ModuleProcessor.class.getName(),
                "-parameters", "-encoding", "UTF-8", "-Xlint:none", "-nowarn"));
        StringWriter messages = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            boolean ok = javac.getTask(messages, files, null, options, null,
                    files.getJavaFileObjectsFromPaths(source.files())).call();
            if (!ok) {
                throw new UsageException("the module at " + source.directory() + " does not compile:\n"
                        + firstLines(messages.toString().stripTrailing(), 40));
            }
        }
    }

    private static String firstLines(String text, int max) {
        List<String> lines = text.lines().toList();
        return lines.size() <= max ? text
                : String.join("\n", lines.subList(0, max)) + "\n... (" + (lines.size() - max) + " more lines)";
    }

    /** Another berth call may have compiled the same sources meanwhile: either copy will do. */
    private static void publish(Path output, Path cached) throws IOException {
        try {
            Files.move(output, cached, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // rename(2) onto a directory another call published meanwhile fails (ENOTEMPTY): keep theirs
            if (!Files.isRegularFile(cached.resolve(ModuleProcessor.METADATA))) {
                throw new IOException("cannot publish the compiled module to " + cached + ": " + e.getMessage(), e);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
