package dev.berth.cli.files;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Paths as a script gives them: relative to the berth process's working directory (which is the
 * script's, berth runs it), {@code ~} and {@code ~/...} in the user's home.
 */
public record HostPaths(Path workingDirectory, Path home) {

    public static HostPaths system() {
        return new HostPaths(Path.of(System.getProperty("user.dir")), Path.of(System.getProperty("user.home")));
    }

    /** The absolute, normalized path; not checked for existence. */
    public Path resolve(String given) throws TransferException {
        try {
            if (given.equals("~")) {
                return home.toAbsolutePath().normalize();
            }
            if (given.startsWith("~/")) {
                return home.resolve(given.substring(2)).toAbsolutePath().normalize();
            }
            return workingDirectory.resolve(given).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new TransferException("not a valid path: " + given + " (" + e.getReason() + ")");
        }
    }
}
