package dev.berth.operator.session;

import dev.berth.engine.k8s.crd.Conditions;
import dev.berth.engine.k8s.crd.ServiceInstance;
import dev.berth.engine.k8s.crd.SessionOrigin;
import dev.berth.engine.k8s.crd.SessionResource;
import dev.berth.engine.k8s.crd.SessionStatus;
import dev.berth.engine.k8s.render.Labels;
import dev.berth.engine.k8s.session.SessionNamespaces;
import dev.berth.engine.k8s.session.SessionRecords;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps each Session's status (its namespace, how many services run in it, Ready) and closes API
 * sessions whose client is gone: nobody renewed {@code status.clientSeen} for
 * {@code berth.api.client-lost-seconds} (a session with a {@code berth} process) or
 * {@code berth.api.idle-session-seconds} (raw API clients, who have no channel to say they are
 * there). Runs on the leading replica, so it also closes the sessions of a replica that died.
 * Pipelines close their own sessions; sessions opened from Java (origin Engine) are closed by
 * their opener. Namespaces and ServiceInstances are read from informers (a change of either is
 * reflected at once), so the rounds that watch the lease cost no API request.
 */
@ControllerConfiguration(name = SessionReconciler.NAME)
public class SessionReconciler implements Reconciler<SessionResource> {

    public static final String NAME = "session";
    static final String OPEN = "Open";
    static final String CLOSING = "Closing";
    /** How often a Session is looked at again: the lease's resolution. */
    static final Duration RECHECK = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(SessionReconciler.class);

    private final ClientLease lease;
    private InformerEventSource<Namespace, SessionResource> namespaces;
    private InformerEventSource<ServiceInstance, SessionResource> instances;

    @Inject
    public SessionReconciler(
            @ConfigProperty(name = "berth.api.client-lost-seconds", defaultValue = "60") long clientLostSeconds,
            @ConfigProperty(name = "berth.api.idle-session-seconds", defaultValue = "900") long idleSeconds,
            @ConfigProperty(name = "berth.api.lease-renew-seconds", defaultValue = "10") long renewSeconds) {
        this.lease = new ClientLease(Duration.ofSeconds(clientLostSeconds), Duration.ofSeconds(idleSeconds),
                Duration.ofSeconds(renewSeconds));
    }

    @Override
    public List<EventSource<?, SessionResource>> prepareEventSources(EventSourceContext<SessionResource> context) {
        namespaces = new InformerEventSource<>(InformerEventSourceConfiguration.from(Namespace.class,
                SessionResource.class)
                .withName("session-namespaces")
                .withLabelSelector(Labels.SESSION)
                .withSecondaryToPrimaryMapper(SessionReconciler::sessionOfNamespace)
                .build(), context);
        instances = new InformerEventSource<>(InformerEventSourceConfiguration.from(ServiceInstance.class,
                SessionResource.class)
                .withName("session-service-instances")
                .withSecondaryToPrimaryMapper(SessionReconciler::sessionOfNamespace)
                .build(), context);
        return List.of(namespaces, instances);
    }

    /** A session's namespace, or a resource in it, belongs to the Session of that id (cluster-scoped). */
    private static Set<ResourceID> sessionOfNamespace(HasMetadata resource) {
        String namespace = resource instanceof Namespace ? resource.getMetadata().getName()
                : resource.getMetadata().getNamespace();
        return SessionNamespaces.sessionOf(namespace).map(id -> Set.of(new ResourceID(id))).orElse(Set.of());
    }

    @Override
    public UpdateControl<SessionResource> reconcile(SessionResource session, Context<SessionResource> context) {
        KubernetesClient client = context.getClient();
        String id = session.getMetadata().getName();
        String namespace = SessionNamespaces.namespaceFor(id);
        SessionStatus status = session.getStatus() == null ? new SessionStatus() : session.getStatus();
        if (session.getSpec() != null && session.getSpec().getOrigin() == SessionOrigin.Api) {
            Instant created = Instant.parse(session.getMetadata().getCreationTimestamp());
            var lost = lease.lostSince(status, created, Instant.now());
            if (lost.isPresent()) {
                LOG.infof("session %s: its client has not been seen for %d s (%s); closing it", id,
                        lost.get().toSeconds(), Boolean.TRUE.equals(status.getChannel()) ? "berth process gone"
                                : "idle raw API client");
                SessionRecords.close(client, id);
                return UpdateControl.noUpdate();
            }
        }
        Namespace ns = namespaces.get(new ResourceID(namespace)).orElse(null);
        boolean present = ns != null && ns.getMetadata().getDeletionTimestamp() == null;
        int services = present ? (int) instances.list(namespace).count() : 0;
        SessionStatus desired = copy(status);
        desired.setNamespace(namespace);
        desired.setServices(services);
        desired.setState(present ? OPEN : CLOSING);
        if (session.getSpec() != null && session.getSpec().getOrigin() == SessionOrigin.Pipeline) {
            desired.setHolder(session.getSpec().getPipeline());
        }
        desired.setObservedGeneration(session.getMetadata().getGeneration());
        desired.setConditions(Conditions.set(status.getConditions(), Conditions.READY,
                present ? Conditions.TRUE : Conditions.FALSE,
                present ? "NamespaceReady" : (ns == null ? "NamespaceMissing" : "NamespaceTerminating"),
                present ? "namespace " + namespace + " holds the session's pods"
                        : "namespace " + namespace + (ns == null ? " does not exist" : " is being deleted"),
                session.getMetadata().getGeneration(), Instant.now()));
        if (sameStatus(status, desired)) {
            return UpdateControl.<SessionResource>noUpdate().rescheduleAfter(RECHECK);
        }
        SessionResource patch = new SessionResource();
        patch.setMetadata(session.getMetadata());
        patch.setStatus(desired);
        return UpdateControl.patchStatus(patch).rescheduleAfter(RECHECK);
    }

    private static SessionStatus copy(SessionStatus from) {
        SessionStatus to = new SessionStatus();
        to.setState(from.getState());
        to.setNamespace(from.getNamespace());
        to.setHolder(from.getHolder());
        to.setServices(from.getServices());
        to.setClientSeen(from.getClientSeen());
        to.setChannel(from.getChannel());
        to.setConditions(from.getConditions());
        to.setObservedGeneration(from.getObservedGeneration());
        return to;
    }

    private static boolean sameStatus(SessionStatus a, SessionStatus b) {
        return Objects.equals(a.getState(), b.getState()) && Objects.equals(a.getNamespace(), b.getNamespace())
                && Objects.equals(a.getHolder(), b.getHolder()) && Objects.equals(a.getServices(), b.getServices())
                && Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
                && Conditions.same(a.getConditions(), b.getConditions());
    }
}
