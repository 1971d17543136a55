package dev.berth.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes the command of {@code berth run} end with berth itself, even when berth is SIGKILLed and
 * cannot stop it: on Linux it is started through util-linux's {@code setpriv --pdeathsig TERM},
 * so the kernel sends it SIGTERM when its parent dies (Java cannot set PR_SET_PDEATHSIG itself).
 * Without setpriv the command is started as it is and, as before, outlives a killed berth.
 */
final class ParentDeathSignal {

    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    private ParentDeathSignal() {
    }

    /** The command to start, or empty when it cannot be found (so berth reports it, exit 127). */
    static Optional<List<String>> wrap(List<String> command) {
        if (findExecutable(command.get(0)).isEmpty()) {
            return Optional.empty();
        }
        if (!System.getProperty("os.name", "").equals("Linux") || !Files.isExecutable(SETPRIV)) {
            return Optional.of(command);
        }
        List<String> wrapped = new ArrayList<>(List.of(SETPRIV.toString(), "--pdeathsig", "TERM", "--"));
        wrapped.addAll(command);
        return Optional.of(wrapped);
    }

    static Optional<Path> findExecutable(String name) {
        if (name.contains("/")) {
            Path path = Path.of(name);
            return Files.isExecutable(path) && !Files.isDirectory(path) ? Optional.of(path) : Optional.empty();
        }
        String pathEnv = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathEnv.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
