package dev.berth.operator.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.engine.k8s.crd.SessionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientLeaseTest {

    private static final Instant CREATED = Instant.parse("2026-12-02T10:00:00Z");
    private final ClientLease lease = new ClientLease(Duration.ofSeconds(60), Duration.ofSeconds(900),
            Duration.ofSeconds(10));

    private static SessionStatus seen(String when, Boolean channel) {
        SessionStatus status = new SessionStatus();
        status.setClientSeen(when);
        status.setChannel(channel);
        return status;
    }

    @Test
    void aSessionWithABerthProcessIsLostOneRenewalRoundAfterTheClientLostTimeout() {
        SessionStatus status = seen("2026-12-02T10:05:00Z", true);
        assertTrue(lease.lostSince(status, CREATED, Instant.parse("2026-12-02T10:06:10Z")).isEmpty(),
                "60 s + one 10 s round: a renewal may still be on its way");
        assertEquals(Optional.of(Duration.ofSeconds(71)),
                lease.lostSince(status, CREATED, Instant.parse("2026-12-02T10:06:11Z")));
    }

    @Test
    void aRawClientIsLostAfterTheIdleTimeoutWithoutARequest() {
        SessionStatus status = seen("2026-12-02T10:05:00Z", null);
        assertTrue(lease.lostSince(status, CREATED, Instant.parse("2026-12-02T10:19:00Z")).isEmpty());
        assertTrue(lease.lostSince(status, CREATED, Instant.parse("2026-12-02T10:20:01Z")).isPresent());
    }

    @Test
    void aSessionNeverRenewedCountsFromItsCreation() {
        SessionStatus status = seen(null, null);
        assertTrue(lease.lostSince(status, CREATED, CREATED.plusSeconds(900)).isEmpty());
        assertTrue(lease.lostSince(status, CREATED, CREATED.plusSeconds(901)).isPresent());
    }
}
