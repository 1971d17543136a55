package dev.berth.engine.k8s.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** What a session is; set when it is opened and never changed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SessionSpec {

    @Required
    private SessionOrigin origin;
    /** API sessions: SHA-256 of the session token, lowercase hex (the token itself is never stored). */
    private String tokenHash;
    /**
     * API sessions: the Dagger version the client declared ({@code vMAJOR.MINOR.PATCH}); where
     * Dagger changed what a call means, the session gets that version's meaning.
     */
    @Pattern("^v[0-9]{1,4}\\.[0-9]{1,4}\\.[0-9]{1,4}$")
    private String daggerVersion;
    /** Pipeline sessions: {@code <namespace>/<name>} of the Pipeline. */
    private String pipeline;

    public SessionSpec() {
    }

    public static SessionSpec api(String tokenHash, String daggerVersion) {
        SessionSpec spec = new SessionSpec();
        spec.origin = SessionOrigin.Api;
        spec.tokenHash = tokenHash;
        spec.daggerVersion = daggerVersion;
        return spec;
    }

    public static SessionSpec pipeline(String namespaceAndName) {
        SessionSpec spec = new SessionSpec();
        spec.origin = SessionOrigin.Pipeline;
        spec.pipeline = namespaceAndName;
        return spec;
    }

    public static SessionSpec engine() {
        SessionSpec spec = new SessionSpec();
        spec.origin = SessionOrigin.Engine;
        return spec;
    }

    public SessionOrigin getOrigin() {
        return origin;
    }

    public void setOrigin(SessionOrigin origin) {
        this.origin = origin;
    }

    public String getTokenHash() {
        return tokenHash;
    }

    public void setTokenHash(String tokenHash) {
        this.tokenHash = tokenHash;
    }

    public String getDaggerVersion() {
        return daggerVersion;
    }

    public void setDaggerVersion(String daggerVersion) {
        this.daggerVersion = daggerVersion;
    }

    public String getPipeline() {
        return pipeline;
    }

    public void setPipeline(String pipeline) {
        this.pipeline = pipeline;
    }
}
