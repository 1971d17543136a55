package dev.berth.engine.model;

/**
 * A secret mounted as a read-only file at an absolute path, with Unix permission bits
 * ({@code withMountedSecret}; Dagger's default mode is 0400).
 */
public record SecretMount(String path, Secret secret, int mode) {

    public static final int DEFAULT_MODE = 0400;

    public SecretMount {
        path = UnixPath.absolute(path, "withMountedSecret.path");
        if (path.equals("/")) {
            throw new ValidationException("withMountedSecret.path", "cannot mount a secret at /");
        }
        Checks.notNull(secret, "withMountedSecret.source");
        if (mode < 0 || mode > 0777) {
            throw new ValidationException("withMountedSecret.mode", "must be a file mode between 0 and 0777 (octal),"
                    + " got " + Integer.toOctalString(mode) + " (octal)");
        }
    }

    void writeTo(CanonicalWriter out) {
        out.type("berth.dev/SecretMount/v1").field("path").string(path).field("mode").integer(mode);
        secret.writeTo(out.field("secret"));
    }
}
