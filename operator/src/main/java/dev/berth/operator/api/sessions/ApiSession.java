package dev.berth.operator.api.sessions;

import dev.berth.operator.api.engine.EngineSession;
import dev.berth.operator.api.host.HostLink;
import java.time.Instant;

/**
 * A client session of the API as this process holds it: the engine session it drives, the
 * SHA-256 of its token (the token itself is handed out once and never kept), the Dagger version
 * its client declared, its link to the user's machine and what its client has been doing.
 */
public record ApiSession(String id, byte[] tokenHash, EngineSession engine, Instant created,
        DaggerVersion daggerVersion, HostLink host, ClientActivity activity) {

    public ApiSession(String id, byte[] tokenHash, EngineSession engine, Instant created) {
        this(id, tokenHash, engine, created,
                DaggerVersion.parse(engine.daggerVersion()).orElse(DaggerVersion.SERVED),
                new HostLink(engine), new ClientActivity());
    }

    public String namespace() {
        return engine.namespace();
    }
}
