package dev.berth.operator.api.engine;

import dev.berth.engine.k8s.ExecResult;
import dev.berth.engine.k8s.host.Exposure;
import dev.berth.engine.k8s.host.HostAgent;
import dev.berth.engine.model.PortForward;
import java.util.List;
import dev.berth.engine.k8s.KubernetesEngine;
import dev.berth.engine.k8s.Session;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.Service;
import dev.berth.operator.api.sessions.SessionHolder;
import dev.berth.operator.config.EngineSettings;
import dev.berth.operator.config.ExecReportsEndpoint;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The engine on the cluster the operator talks to (Quarkus' Kubernetes client). */
@ApplicationScoped
public class KubernetesGateway implements EngineGateway {

    private final KubernetesEngine engine;

    private final SessionHolder holder;

    @Inject
    public KubernetesGateway(KubernetesClient client, EngineSettings settings, SessionHolder holder,
            ExecReportsEndpoint reports) {
        this.engine = new KubernetesEngine(client, settings.engineConfig(), reports.reports().orElse(null));
        this.holder = holder;
    }

    @Override
    public EngineSession open() {
        return new KubernetesSession(engine.openSession(holder.namespaceLabels()));
    }

    private record KubernetesSession(Session session) implements EngineSession {

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
        public void useHostAgent(HostAgent agent) {
            session.useHostAgent(agent);
        }

        @Override
        public Exposure expose(Service service, List<PortForward> forwards) {
            return session.expose(service, forwards);
        }

        @Override
        public void close() {
            // the client gets its answer once the namespace is marked for deletion, not gone
            session.release();
        }
    }
}
