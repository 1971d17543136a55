package dev.berth.cli.module;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A module's Java sources: {@code src/main/java} of a Maven project, or else every {@code .java}
 * file under the directory (a plain directory of sources); {@code target/} and hidden directories
 * are never sources. A Maven project's {@code src/main/resources} are copied beside its classes.
 */
public record ModuleSource(Path directory, Path sourceRoot, List<Path> files, Path resourceRoot,
        List<Path> resources) {

    public static ModuleSource find(Path directory) throws UsageException {
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new UsageException("no module at " + dir + ": not a directory (-m DIR names a module's directory)");
        }
        Path maven = dir.resolve("src/main/java");
        Path root = Files.isDirectory(maven) ? maven : dir;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p))
                    .filter(p -> !excluded(dir.relativize(p)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.isEmpty()) {
            throw new UsageException("no module at " + dir + ": no Java sources (src/main/java/**/*.java or *.java); "
                    + "-m DIR names a module's directory");
        }
        Path resourceRoot = dir.resolve("src/main/resources");
        List<Path> resources = List.of();
        if (Files.isDirectory(resourceRoot)) {
            try (Stream<Path> walk = Files.walk(resourceRoot)) {
                resources = walk.filter(Files::isRegularFile).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ModuleSource(dir, root, files, resourceRoot, resources);
    }

    /** Build output, hidden directories and a Maven project's tests are not the module. */
    private static boolean excluded(Path relative) {
        if (relative.startsWith(Path.of("src", "test"))) {
            return true;
        }
        for (Path part : relative) {
            String name = part.toString();
            if (name.equals("target") || name.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** Changes with any source or resource file's path or content and with {@code toolchain} (the SDK and the JDK). */
    public String digest(String toolchain) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(toolchain.getBytes(StandardCharsets.UTF_8));
            for (Path file : Stream.concat(files.stream(), resources.stream()).toList()) {
                sha.update(directory.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(file));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
