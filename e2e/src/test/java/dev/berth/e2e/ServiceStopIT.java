package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.berth.engine.k8s.Session;
import dev.berth.engine.model.CacheVolume;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.Service;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * stop vs stop(kill): a service that records SIGTERM in a cache volume before exiting. A graceful
 * stop lets it do so (and returns only once it has exited); a kill gives it no chance at all.
 */
class ServiceStopIT extends EngineTestBase {

    /** A fresh key per test, so neither test can see the other's (or an earlier run's) record. */
    private final CacheVolume state = CacheVolume.of("berth-e2e-stop-" + UUID.randomUUID());

    private Service signalRecorder() {
        String script = "trap 'echo SIGTERM >> /state/signals; exit 0' TERM; "
                + "python3 -m http.server 8080 & wait $!";
        return Container.from(Seeds.PYTHON).withMountedCache("/state", state).withExposedPort(8080)
                .asService(List.of("sh", "-c", script), false);
    }

    private String recordedSignals(Session session) {
        return session.stdout(Container.from(Seeds.ALPINE).withMountedCache("/state", state)
                .withEnvVariable("READ_AT", Instant.now().toString()) // never a memoized result
                .withExec(List.of("sh", "-c", "cat /state/signals 2>/dev/null || echo none")));
    }

    @Test
    void stopSendsSigtermAndWaitsForTheServiceToExit() {
        Session session = openSession();
        Service service = session.start(signalRecorder());
        Instant before = Instant.now();
        session.stop(service);
        System.out.printf("[e2e] stop took %d ms%n", Duration.between(before, Instant.now()).toMillis());
        assertNull(pod(session, service.hostname()), "the pod is gone when stop returns");
        assertEquals("SIGTERM\n", recordedSignals(session), "the service saw SIGTERM and cleaned up");
    }

    @Test
    void stopWithKillGivesTheServiceNoSigterm() {
        Session session = openSession();
        Service service = session.start(signalRecorder());
        Instant before = Instant.now();
        session.stop(service, true);
        System.out.printf("[e2e] stop(kill) took %d ms%n", Duration.between(before, Instant.now()).toMillis());
        assertNull(pod(session, service.hostname()), "the pod is gone when stop(kill) returns");
        assertEquals("none\n", recordedSignals(session), "a killed service never runs its SIGTERM handler");
    }

    @AfterEach
    void removeCache() throws IOException {
        removeCacheDirectory(state);
    }
}
