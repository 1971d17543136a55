package dev.berth.operator.session;

import dev.berth.engine.k8s.crd.SessionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When an API session's client counts as gone. A session with a {@code berth} process (a channel
 * was attached) is renewed every {@code renew} while the channel is open: it is lost once
 * {@code clientLost} passed after the last renewal could have come. A raw API client has only its
 * requests to show it is there: it is lost after {@code idle} without one. A session never
 * renewed counts from its creation.
 */
record ClientLease(Duration clientLost, Duration idle, Duration renew) {

    /** How long the client has been gone, when that is longer than it may be; empty while it is there. */
    Optional<Duration> lostSince(SessionStatus status, Instant created, Instant now) {
        Instant seen = status.getClientSeen() == null ? created : Instant.parse(status.getClientSeen());
        Duration gone = Duration.between(seen, now);
        Duration allowed = Boolean.TRUE.equals(status.getChannel()) ? clientLost.plus(renew) : idle;
        return gone.compareTo(allowed) > 0 ? Optional.of(gone) : Optional.empty();
    }
}
