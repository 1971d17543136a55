package dev.berth.engine.k8s.crd;

/** A session Secret mounted read-only as the file {@code path} with permission bits {@code mode}. */
public class SecretMountSpec {

    private String path;
    /** The Kubernetes Secret in the session namespace (key {@code value}). */
    private String secret;
    private int mode;

    public SecretMountSpec() {
    }

    public SecretMountSpec(String path, String secret, int mode) {
        this.path = path;
        this.secret = secret;
        this.mode = mode;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String getSecret() {
        return secret;
    }

    public void setSecret(String secret) {
        this.secret = secret;
    }

    public int getMode() {
        return mode;
    }

    public void setMode(int mode) {
        this.mode = mode;
    }
}
