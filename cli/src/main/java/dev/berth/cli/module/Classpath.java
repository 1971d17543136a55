package dev.berth.cli.module;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The classes this CLI runs with (the SDK among them), for compiling a module against them:
 * {@code java.class.path} plus the {@code Class-Path} of jar manifests, since {@code java -jar
 * berth-cli.jar} names only the jar and its manifest the rest ({@code lib/}).
 */
final class Classpath {

    private Classpath() {
    }

    static List<Path> ofThisProcess() {
        Set<Path> out = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                add(Path.of(entry).toAbsolutePath().normalize(), out);
            }
        }
        return new ArrayList<>(out);
    }

    private static void add(Path entry, Set<Path> out) {
        if (!Files.exists(entry) || !out.add(entry) || !entry.toString().endsWith(".jar")) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath != null) {
                for (String relative : classPath.trim().split("\\s+")) {
                    add(entry.getParent().resolve(relative).normalize(), out);
                }
            }
        } catch (IOException e) {
            // not a readable jar: javac reports it if it matters
        }
    }

    /** Names, sizes and times of the entries: a new SDK or CLI build changes it, so modules are recompiled. */
    static String identity(List<Path> entries) {
        StringBuilder out = new StringBuilder(System.getProperty("java.version")).append('\n');
        for (Path entry : entries) {
            out.append(entry);
            try {
                if (Files.isRegularFile(entry)) {
                    out.append(' ').append(Files.size(entry)).append(' ').append(Files.getLastModifiedTime(entry));
                }
            } catch (IOException e) {
                out.append(" ?");
            }
            out.append('\n');
        }
        return out.toString();
    }
}
