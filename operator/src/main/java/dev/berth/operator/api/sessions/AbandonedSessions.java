package dev.berth.operator.api.sessions;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Closes a session whose {@code berth} process went away: once its session channel has ended
 * (closed, or silent for 20 s) and no new channel came within the timeout, the client is gone
 * (killed, its machine asleep or off the network), and everything in the session goes. A session
 * that never had a channel (raw GraphQL with a token) is closed by its client only.
 */
@ApplicationScoped
public class AbandonedSessions {

    private static final Logger LOG = Logger.getLogger(AbandonedSessions.class);

    private final Duration timeout;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "berth-abandoned-sessions");
        thread.setDaemon(true);
        return thread;
    });

    public AbandonedSessions(
            @ConfigProperty(name = "berth.api.client-lost-seconds", defaultValue = "60") long timeoutSeconds) {
        this.timeout = Duration.ofSeconds(timeoutSeconds);
    }

    /** Watches the session's channels; {@code registry} closes it. */
    void watch(ApiSession session, SessionRegistry registry) {
        session.host().onChannelEnded(ended -> timer.schedule(() -> {
            if (session.host().isLatest(ended) && registry.byId(session.id()).isPresent()) {
                LOG.infof("session %s: its berth process has been gone for %d s (%s); closing the session",
                        session.id(), timeout.toSeconds(), ended.closed().toCompletableFuture().join());
                try {
                    registry.close(session.id());
                } catch (RuntimeException e) {
                    LOG.warnf("session %s: closing the abandoned session failed: %s", session.id(), e.getMessage());
                }
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
