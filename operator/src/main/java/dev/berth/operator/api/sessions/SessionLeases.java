package dev.berth.operator.api.sessions;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Renews the client lease ({@code status.clientSeen} of the Session) of every session this
 * process serves whose client is there: its {@code berth} process's channel is open, or it made
 * or is running a request since the last round. The leading operator closes sessions whose lease
 * ran out ({@code dev.berth.operator.session.SessionReconciler}), also those of a replica that
 * died: nobody renews them any more.
 */
@ApplicationScoped
public class SessionLeases {

    private static final Logger LOG = Logger.getLogger(SessionLeases.class);

    private final SessionRegistry registry;
    private final long renewSeconds;
    private final String holder;
    private ScheduledExecutorService renewer;
    private long lastRoundNanos = System.nanoTime();

    @Inject
    public SessionLeases(SessionRegistry registry,
            @ConfigProperty(name = "berth.api.lease-renew-seconds", defaultValue = "10") long renewSeconds,
            @ConfigProperty(name = "berth.operator.pod-name") Optional<String> podName) {
        this.registry = registry;
        this.renewSeconds = renewSeconds;
        this.holder = podName.orElseGet(SessionLeases::hostName);
    }

    void onStart(@Observes StartupEvent event) {
        renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "berth-session-leases");
            thread.setDaemon(true);
            return thread;
        });
        renewer.scheduleWithFixedDelay(this::renewRound, renewSeconds, renewSeconds, TimeUnit.SECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (renewer != null) {
            renewer.shutdownNow();
        }
    }

    /** One round: every session with a client seen since the previous round. */
    void renewRound() {
        long since = lastRoundNanos;
        lastRoundNanos = System.nanoTime();
        for (ApiSession session : registry.all()) {
            if (session.host().channelOpen() || session.activity().activeSince(since)) {
                renew(session);
            }
        }
    }

    /** Renews one session's lease now (also when its channel attaches). */
    public void renew(ApiSession session) {
        try {
            session.engine().renew(holder, session.host().hadChannel());
        } catch (RuntimeException e) {
            LOG.warnf("session %s: renewing the client lease failed, will retry: %s", session.id(), e.getMessage());
        }
    }

    private static String hostName() {
        String name = System.getenv("HOSTNAME");
        return name == null || name.isBlank() ? "local" : name;
    }
}
