package dev.berth.operator.api.sessions;

import dev.berth.operator.api.engine.EngineSession;
import dev.berth.operator.api.host.HostLink;
import java.time.Instant;

/**
 * A client session of the API: the engine session it drives and the SHA-256 of its token (the
 * token itself is handed out once and never kept).
 */
public record ApiSession(String id, byte[] tokenHash, EngineSession engine, Instant created, HostLink host) {

    public ApiSession(String id, byte[] tokenHash, EngineSession engine, Instant created) {
        this(id, tokenHash, engine, created, new HostLink(engine));
    }

    public String namespace() {
        return engine.namespace();
    }
}
