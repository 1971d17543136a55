package dev.berth.cli.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Files on disk for the tests, with modes set explicitly (the umask does not decide). */
final class TestTrees {

    private TestTrees() {
    }

    static Path file(Path root, String path, String content, int mode) throws IOException {
        return file(root, path, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    static Path file(Path root, String path, byte[] content, int mode) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        FileModes.set(file, mode);
        return file;
    }

    static Path dir(Path root, String path, int mode) throws IOException {
        Path dir = Files.createDirectories(root.resolve(path));
        FileModes.set(dir, mode);
        return dir;
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static int mode(Path path) throws IOException {
        return FileModes.stat(path).mode();
    }
}
