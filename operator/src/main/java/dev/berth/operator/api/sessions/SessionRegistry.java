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
 * The API sessions this process serves. Each is recorded in the API server (a Session resource
 * with its token's SHA-256), so a token this process has not seen may belong to a session opened
 * by another replica or before a restart: it is attached then. A token is looked up by its
 * SHA-256 and then compared in constant time; only hashes are kept.
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
    public Opened open(DaggerVersion daggerVersion) {
        String token = Secrets.newToken();
        byte[] hash = Secrets.sha256(token);
        EngineSession engineSession = engine.open(HexFormat.of().formatHex(hash), daggerVersion.toString());
        ApiSession session = hold(new ApiSession(engineSession.id(), hash, engineSession, Instant.now()));
        LOG.infof("session %s opened (namespace %s, Dagger %s)", session.id(), session.namespace(), daggerVersion);
        return new Opened(session, token);
    }

    /** The session of the token among those this process holds; never blocks. */
    public Optional<ApiSession> held(String token) {
        return find(token, false);
    }

    /**
     * The session of the token, attaching it when another replica or an earlier run opened it:
     * may call the Kubernetes API, so not on an event loop.
     */
    public Optional<ApiSession> byToken(String token) {
        return find(token, true);
    }

    private Optional<ApiSession> find(String token, boolean attach) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] hash = Secrets.sha256(token);
        String hex = HexFormat.of().formatHex(hash);
        ApiSession session = byTokenHash.get(hex);
        if (session == null && attach) {
            session = attach(hash, hex);
        }
        if (session == null || !MessageDigest.isEqual(hash, session.tokenHash())) {
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /** A session recorded by another replica or an earlier run of this one, now served here. */
    private synchronized ApiSession attach(byte[] hash, String hex) {
        ApiSession held = byTokenHash.get(hex);
        if (held != null) {
            return held;
        }
        return engine.attach(hex).map(found -> {
            ApiSession session = hold(new ApiSession(found.id(), hash, found, Instant.now()));
            LOG.infof("session %s attached (opened elsewhere: another replica or before a restart)", session.id());
            return session;
        }).orElse(null);
    }

    private ApiSession hold(ApiSession session) {
        byId.put(session.id(), session);
        byTokenHash.put(HexFormat.of().formatHex(session.tokenHash()), session);
        abandoned.watch(session, this);
        return session;
    }

    public Optional<ApiSession> byId(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    public List<ApiSession> all() {
        return List.copyOf(byId.values());
    }

    /**
     * Forgets the session (its token stops working at once), then marks it for deletion;
     * Kubernetes stops everything in it in the background. A session this process does not hold
     * is closed through its record.
     *
     * @return false if no such session was open
     */
    public boolean close(String id) {
        ApiSession session = byId.remove(id);
        if (session == null) {
            return engine.close(id);
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

    /**
     * On shutdown, sessions are left open: they are recorded in the API server, and the client
     * (its {@code berth} process reconnecting, or its next request) is served by another replica
     * or by this one once restarted. Only what lives in this process goes: tunnels and listeners
     * on the user's machine, through the channel.
     */
    void onStop(@Observes ShutdownEvent event) {
        for (ApiSession session : all()) {
            try {
                session.host().close();
            } catch (RuntimeException e) {
                LOG.warnf("session %s: could not close its tunnels on shutdown: %s", session.id(), e.getMessage());
            }
        }
    }

    public record Opened(ApiSession session, String token) {
    }
}
