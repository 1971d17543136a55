package dev.berth.engine.k8s.crd;

/**
 * An environment variable of the pod whose value comes from a session Secret ({@code secretKeyRef}):
 * the spec names the Secret, never holds its value.
 */
public class SecretEnvSpec {

    /** The variable in the pod: the user's name, or BERTH_SECRET_n where the runner hands it on. */
    private String name;
    /** The Kubernetes Secret in the session namespace (key {@code value}). */
    private String secret;

    public SecretEnvSpec() {
    }

    public SecretEnvSpec(String name, String secret) {
        this.name = name;
        this.secret = secret;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getSecret() {
        return secret;
    }

    public void setSecret(String secret) {
        this.secret = secret;
    }
}
