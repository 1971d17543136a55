package dev.berth.engine.k8s.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

/** What a session is; set when it is opened and never changed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SessionSpec {

    @Required
    private SessionOrigin origin;
    /** API sessions: SHA-256 of the session token, lowercase hex (the token itself is never stored). */
    private String tokenHash;
    /** Pipeline sessions: {@code <namespace>/<name>} of the Pipeline. */
    private String pipeline;

    public SessionSpec() {
    }

    public static SessionSpec api(String tokenHash) {
        SessionSpec spec = new SessionSpec();
        spec.origin = SessionOrigin.Api;
        spec.tokenHash = tokenHash;
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

    public String getPipeline() {
        return pipeline;
    }

    public void setPipeline(String pipeline) {
        this.pipeline = pipeline;
    }
}
