package dev.berth.operator.api.sessions;

import dev.berth.operator.api.engine.EngineGateway;
import dev.berth.operator.api.engine.EngineSession;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The open API sessions. A token is looked up by its SHA-256 and then compared in constant time;
 * the registry keeps only hashes.
 */
@ApplicationScoped
public class SessionRegistry {

    private static final Logger LOG = Logger.getLogger(SessionRegistry.class);

    private final EngineGateway engine;
    private final AbandonedSessions abandoned;
    private final Map<String, ApiSession> byId = new ConcurrentHashMap<>();
    private final Map<String, ApiSession> byTokenHash = new ConcurrentHashMap<>();

    @Inject
    public SessionRegistry(EngineGateway engine, AbandonedSessions abandoned) {
        this.engine = engine;
        this.abandoned = abandoned;
    }

    /** A new session and its token, which is returned here only. */
    public Opened open() {
        EngineSession engineSession = engine.open();
        String token = Secrets.newToken();
        byte[] hash = Secrets.sha256(token);
        ApiSession session = new ApiSession(engineSession.id(), hash, engineSession, Instant.now());
        byId.put(session.id(), session);
        byTokenHash.put(HexFormat.of().formatHex(hash), session);
        abandoned.watch(session, this);
        LOG.infof("session %s opened (namespace %s)", session.id(), session.namespace());
        return new Opened(session, token);
    }

    public Optional<ApiSession> byToken(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] hash = Secrets.sha256(token);
        ApiSession session = byTokenHash.get(HexFormat.of().formatHex(hash));
        if (session == null || !MessageDigest.isEqual(hash, session.tokenHash())) {
            return Optional.empty();
        }
        return Optional.of(session);
    }

    public Optional<ApiSession> byId(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    public List<ApiSession> all() {
        return List.copyOf(byId.values());
    }

    /**
     * Forgets the session (its token stops working at once), then marks its namespace for
     * deletion; Kubernetes stops everything in it in the background.
     *
     * @return false if no such session was open
     */
    public boolean close(String id) {
        ApiSession session = byId.remove(id);
        if (session == null) {
            return false;
        }
        byTokenHash.remove(HexFormat.of().formatHex(session.tokenHash()));
        LOG.infof("closing session %s (namespace %s)", id, session.namespace());
        try {
            session.host().close();
        } finally {
            session.engine().close();
        }
        LOG.infof("session %s closed", id);
        return true;
    }

    /** Best effort: sessions do not outlive the operator process that holds their tokens. */
    void onStop(@Observes ShutdownEvent event) {
        for (ApiSession session : all()) {
            try {
                close(session.id());
            } catch (RuntimeException e) {
                LOG.warnf("session %s: could not close on shutdown: %s", session.id(), e.getMessage());
            }
        }
    }

    public record Opened(ApiSession session, String token) {
    }
}
