package dev.berth.engine.k8s.session;

import dev.berth.engine.k8s.crd.ServiceInstance;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a session's pods and ServiceInstances and bumps its {@link ChangeSignal} on every
 * change, so the session's waits (a service becoming Ready, an exec pod finishing) react when the
 * API server reports it rather than at their next poll. Informers relist after a broken watch; if
 * one cannot start, the waits simply keep polling.
 */
public final class SessionWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionWatch.class);

    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    private SessionWatch() {
    }

    public static SessionWatch start(KubernetesClient client, String namespace, ChangeSignal signal) {
        SessionWatch watch = new SessionWatch();
        try {
            watch.add(client.pods().inNamespace(namespace).runnableInformer(0), signal);
            watch.add(client.resources(ServiceInstance.class).inNamespace(namespace).runnableInformer(0), signal);
        } catch (RuntimeException e) {
            LOG.warn("session {}: no watch, waits poll only: {}", namespace, e.getMessage());
        }
        return watch;
    }

    private <T extends HasMetadata> void add(SharedIndexInformer<T> informer, ChangeSignal signal) {
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                signal.changed();
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                signal.changed();
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                signal.changed();
            }
        });
        informers.add(informer);
        // not awaited: the session's first wait polls anyway, and opening a session stays fast
        informer.start();
    }

    @Override
    public void close() {
        for (SharedIndexInformer<?> informer : informers) {
            try {
                informer.close();
            } catch (RuntimeException e) {
                // stopping anyway
            }
        }
    }
}
