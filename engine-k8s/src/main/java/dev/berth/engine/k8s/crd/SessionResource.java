package dev.berth.engine.k8s.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A session ({@code kubectl get sessions}): cluster-scoped, named by the session id, and the owner
 * of its namespace {@code berth-<id>}, so deleting it deletes everything the session ran. Its
 * state lives here rather than in one operator's memory: any replica can serve an API session
 * (the token's SHA-256 is in the spec), and a session whose client stopped showing up is closed
 * by whichever operator leads.
 */
@Group(ServiceInstance.GROUP)
@Version(ServiceInstance.VERSION)
@Kind("Session")
@Singular("session")
@Plural("sessions")
@ShortNames("bss")
@AdditionalPrinterColumn(name = "Origin", jsonPath = ".spec.origin")
// kubectl get sessions -o wide: the Dagger version an API session's client declared
@AdditionalPrinterColumn(name = "Dagger", jsonPath = ".spec.daggerVersion", priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class SessionResource extends CustomResource<SessionSpec, SessionStatus> {

    private static final long serialVersionUID = 1L;

    @Override
    protected SessionStatus initStatus() {
        return new SessionStatus();
    }
}
