package dev.berth.engine.model;

/** A file written into the container: absolute, normalised path; Unix permission bits. */
public record NewFile(String path, String contents, int permissions) implements Step {

    /** Dagger's default for withNewFile. */
    public static final int DEFAULT_PERMISSIONS = 0644;

    public NewFile {
        path = UnixPath.absolute(path, "withNewFile.path");
        Checks.notNull(contents, "withNewFile.contents");
        Checks.permissions(permissions, "withNewFile.permissions");
    }

    void writeTo(CanonicalWriter out) {
        out.type("berth.dev/NewFile/v1")
                .field("path").string(path)
                .field("contents").string(contents)
                .field("permissions").integer(permissions);
    }
}
