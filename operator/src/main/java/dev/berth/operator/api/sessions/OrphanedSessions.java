package dev.berth.operator.api.sessions;

import dev.berth.engine.k8s.session.SessionNamespaces;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Deletes the namespaces of API sessions whose holder is gone: an operator pod that was deleted
 * or crashed (its tokens died with it, so nobody can use or close those sessions any more), or an
 * earlier boot of this very pod. Runs at startup and then every few minutes, in every replica
 * (deleting a namespace twice is harmless); a process that does not know its pod collects nothing.
 */
@ApplicationScoped
public class OrphanedSessions {

    private static final Logger LOG = Logger.getLogger(OrphanedSessions.class);

    private final KubernetesClient client;
    private final SessionHolder self;
    private final long sweepSeconds;
    private ScheduledExecutorService sweeper;

    @Inject
    public OrphanedSessions(KubernetesClient client, SessionHolder self,
            @ConfigProperty(name = "berth.api.orphaned-session-sweep-seconds", defaultValue = "120") long sweepSeconds) {
        this.client = client;
        this.self = self;
        this.sweepSeconds = sweepSeconds;
    }

    void onStart(@Observes StartupEvent event) {
        if (self.podName().isEmpty()) {
            LOG.info("pod name unknown (berth.operator.pod-name): orphaned API sessions are not collected");
            return;
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "berth-orphaned-sessions");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, 0, sweepSeconds, TimeUnit.SECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    /** Deletes every orphaned API session namespace; returns their names. */
    public List<String> sweep() {
        return client.namespaces().withLabel(SessionHolder.POD_LABEL).list().getItems().stream()
                .filter(this::isOrphan)
                .map(ns -> {
                    String name = ns.getMetadata().getName();
                    LOG.infof("deleting namespace %s of an API session whose holder is gone (%s)", name,
                            holderOf(ns));
                    client.namespaces().withName(name).delete();
                    return name;
                })
                .toList();
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (KubernetesClientException e) {
            LOG.warnf("collecting orphaned API sessions failed, will retry: %s", e.getMessage());
        }
    }

    private boolean isOrphan(Namespace namespace) {
        Map<String, String> labels = namespace.getMetadata().getLabels();
        String pod = labels.get(SessionHolder.POD_LABEL);
        String podNamespace = labels.get(SessionHolder.POD_NAMESPACE_LABEL);
        if (namespace.getMetadata().getDeletionTimestamp() != null || pod == null || podNamespace == null
                || !namespace.getMetadata().getName().startsWith(SessionNamespaces.PREFIX)) {
            return false;
        }
        if (pod.equals(self.podName().orElse(null)) && podNamespace.equals(self.podNamespace())) {
            return !self.boot().equals(labels.get(SessionHolder.BOOT_LABEL)); // an earlier boot of this pod
        }
        return client.pods().inNamespace(podNamespace).withName(pod).get() == null;
    }

    private static String holderOf(Namespace namespace) {
        Map<String, String> labels = namespace.getMetadata().getLabels();
        return "pod " + labels.get(SessionHolder.POD_NAMESPACE_LABEL) + "/" + labels.get(SessionHolder.POD_LABEL)
                + Optional.ofNullable(labels.get(SessionHolder.BOOT_LABEL)).map(b -> ", boot " + b).orElse("");
    }
}
