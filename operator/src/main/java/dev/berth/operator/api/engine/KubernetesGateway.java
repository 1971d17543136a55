package dev.berth.operator.api.engine;

import dev.berth.engine.k8s.EngineException;
import dev.berth.engine.k8s.ExecResult;
import dev.berth.engine.k8s.KubernetesEngine;
import dev.berth.engine.k8s.Session;
import dev.berth.engine.k8s.crd.SessionOrigin;
import dev.berth.engine.k8s.crd.SessionResource;
import dev.berth.engine.k8s.crd.SessionSpec;
import dev.berth.engine.k8s.host.Exposure;
import dev.berth.engine.k8s.host.HostAgent;
import dev.berth.engine.k8s.session.SessionRecords;
import dev.berth.engine.k8s.session.SessionSecrets;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.PortForward;
import dev.berth.engine.model.Secret;
import dev.berth.engine.model.Service;
import dev.berth.operator.config.EngineSettings;
import dev.berth.operator.config.ExecReportsEndpoint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The engine on the cluster the operator talks to (Quarkus' Kubernetes client). API sessions are
 * found by their token through an informer of the Session resources, so an unknown token costs no
 * request to the API server.
 */
@ApplicationScoped
public class KubernetesGateway implements EngineGateway {

    private static final Logger LOG = Logger.getLogger(KubernetesGateway.class);
    private static final String BY_TOKEN = "token";
    private static final long SYNC_SECONDS = 30;

    private final KubernetesClient client;
    private final KubernetesEngine engine;
    private SharedIndexInformer<SessionResource> records;

    @Inject
    public KubernetesGateway(KubernetesClient client, EngineSettings settings, ExecReportsEndpoint reports) {
        this.client = client;
        this.engine = new KubernetesEngine(client, settings.engineConfig(), reports.reports().orElse(null),
                settings.fileStore());
    }

    @Override
    public EngineSession open(String tokenHash, String daggerVersion) {
        return new KubernetesSession(client, engine.openSession(SessionSpec.api(tokenHash, daggerVersion), Map.of()),
                daggerVersion);
    }

    @Override
    public Optional<EngineSession> attach(String tokenHash) {
        List<SessionResource> candidates = records().getIndexer().byIndex(BY_TOKEN,
                SessionRecords.tokenHashLabel(tokenHash));
        for (SessionResource record : candidates) {
            if (isOpenApiSession(record) && MessageDigest.isEqual(
                    record.getSpec().getTokenHash().getBytes(StandardCharsets.US_ASCII),
                    tokenHash.getBytes(StandardCharsets.US_ASCII))) {
                try {
                    return Optional.of(new KubernetesSession(client,
                            engine.attachSession(record.getMetadata().getName()), record.getSpec().getDaggerVersion()));
                } catch (EngineException e) {
                    LOG.infof("session %s cannot be attached: %s", record.getMetadata().getName(), e.getMessage());
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean close(String id) {
        SessionResource record = records().getIndexer().getByKey(id);
        if (!isOpenApiSession(record)) {
            return false;
        }
        SessionRecords.close(client, id);
        return true;
    }

    private static boolean isOpenApiSession(SessionResource record) {
        return record != null && record.getSpec() != null && record.getSpec().getOrigin() == SessionOrigin.Api
                && record.getSpec().getTokenHash() != null && record.getMetadata().getDeletionTimestamp() == null;
    }

    /** Started on first use and synced before it answers: a replica's first attach waits for the list. */
    private synchronized SharedIndexInformer<SessionResource> records() {
        if (records == null) {
            SharedIndexInformer<SessionResource> informer = client.resources(SessionResource.class)
                    .withLabel(SessionRecords.TOKEN_HASH_LABEL).runnableInformer(0);
            informer.addIndexers(Map.of(BY_TOKEN, r -> List.of(r.getMetadata().getLabels()
                    .getOrDefault(SessionRecords.TOKEN_HASH_LABEL, ""))));
            try {
                informer.start().toCompletableFuture().get(SYNC_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                informer.stop();
                throw new EngineException("cannot list the Session resources: " + e.getMessage());
            }
            records = informer;
        }
        return records;
    }

    void onStop(@Observes ShutdownEvent event) {
        synchronized (this) {
            if (records != null) {
                records.stop();
            }
        }
    }

    private record KubernetesSession(KubernetesClient client, Session session, String daggerVersion)
            implements EngineSession {

        @Override
        public String id() {
            return session.id();
        }

        @Override
        public String namespace() {
            return session.namespace();
        }

        @Override
        public ExecResult exec(Container container) {
            return session.exec(container);
        }

        @Override
        public dev.berth.engine.files.FileStore files() {
            return session.files();
        }

        @Override
        public dev.berth.engine.files.Tree capture(Container container, String path, boolean directory) {
            return session.capture(container, path, directory);
        }

        @Override
        public void start(Service service) {
            session.start(service);
        }

        @Override
        public void stop(Service service, boolean kill) {
            session.stop(service, kill);
        }

        @Override
        public String endpoint(Service service, int port, String scheme) {
            return session.endpoint(service, port, scheme);
        }

        @Override
        public void putSecret(Secret secret, String plaintext) {
            SessionSecrets.put(client, session.namespace(), secret, plaintext);
        }

        @Override
        public String secretPlaintext(Secret secret) {
            return SessionSecrets.plaintext(client, session.namespace(), secret);
        }

        @Override
        public void useHostAgent(HostAgent agent) {
            session.useHostAgent(agent);
        }

        @Override
        public Exposure expose(Service service, List<PortForward> forwards) {
            return session.expose(service, forwards);
        }

        @Override
        public void renew(String holder, boolean channel) {
            SessionRecords.renew(client, session.id(), Instant.now(), holder, channel);
        }

        @Override
        public void close() {
            // the client gets its answer once the namespace is marked for deletion, not gone
            session.release();
        }
    }
}
