package dev.berth.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real kubectl, as users do (KUBECONFIG from the environment). */
final class Kubectl {

    /** The local cluster's build keeps kubectl here when it is not on PATH. */
    static final Path CLUSTER_BIN = Path.of("/var/cache/berth/bin");

    record Result(int exitCode, String stdout, String stderr) {
    }

    private Kubectl() {
    }

    static Result run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("kubectl", ".out");
            Path err = Files.createTempFile("kubectl", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .start();
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("kubectl timed out: " + command);
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String binary() {
        String explicit = System.getenv("KUBECTL");
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        if (Files.isDirectory(CLUSTER_BIN)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(CLUSTER_BIN, "kubernetes-*")) {
                for (Path dir : dirs) {
                    if (Files.isExecutable(dir.resolve("kubectl"))) {
                        return dir.resolve("kubectl").toString();
                    }
                }
            } catch (IOException e) {
                // fall through
            }
        }
        throw new IllegalStateException("kubectl not found: put it on PATH or set KUBECTL");
    }
}
