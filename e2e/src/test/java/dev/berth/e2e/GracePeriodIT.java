package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.berth.engine.k8s.Session;
import dev.berth.engine.k8s.crd.ServiceInstance;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.ReturnType;
import dev.berth.engine.model.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dagger's 10-second grace: an unused service lives on briefly, then goes. */
class GracePeriodIT extends EngineTestBase {

    @Test
    void instanceSurvivesFiveSecondsAfterLastUseAndIsGoneByFifteen() {
        Session session = openSession();
        Service http = Seeds.httpService();
        assertEquals("Hello, world!", session.stdout(Seeds.wgetClient(http)));
        Instant released = Instant.now();

        sleepUntil(released.plusSeconds(5));
        ServiceInstance atFive = instance(session, http.hostname());
        assertNotNull(atFive, "instance must still exist 5 s after the last use\n" + describe(session));
        assertNull(atFive.getMetadata().getDeletionTimestamp(), "instance must not be deleting at 5 s");
        assertNotNull(atFive.getStatus().getIdleSince(), "idleSince is recorded once unused");

        // Gone: the instance deleted, and its pod terminating or gone (garbage collection follows
        // the instance's deletion asynchronously).
        Instant deadline = released.plusSeconds(15);
        Instant instanceGone = null;
        while (Instant.now().isBefore(deadline)) {
            if (instanceGone == null && instance(session, http.hostname()) == null) {
                instanceGone = Instant.now();
            }
            var pod = pod(session, http.hostname());
            if (instanceGone != null && (pod == null || pod.getMetadata().getDeletionTimestamp() != null)) {
                System.out.printf("[e2e] instance collected %d ms after the last use, pod stopping %d ms after%n",
                        Duration.between(released, instanceGone).toMillis(),
                        Duration.between(released, Instant.now()).toMillis());
                return;
            }
            E2eCluster.sleep(Duration.ofMillis(250));
        }
        fail("instance (or its pod) still present 15 s after the last use\n" + describe(session));
    }

    /**
     * The seed's advice: chain the execs instead of relying on the grace. A chain runs in one pod
     * that uses the service throughout, so a pause longer than the grace loses nothing; the same
     * value read by a separate exec after the grace is gone with the collected instance.
     */
    @Test
    void chainedExecsKeepTheServiceAcrossAPauseLongerThanTheGrace() {
        Session session = openSession();
        Service redis = Seeds.redis();
        Container cli = Seeds.redisCli(redis);
        Container chained = cli
                .withExec(List.of("set", "foo", "abc"), true, ReturnType.SUCCESS)
                .withExec(List.of("sleep", "12"))
                .withExec(List.of("get", "foo"), true, ReturnType.SUCCESS);
        assertEquals("abc\n", session.stdout(chained), "the service outlived the pause inside the chain");

        E2eCluster.sleep(Duration.ofSeconds(15));
        assertNull(instance(session, redis.hostname()), "collected once the chain no longer used it");
        String later = session.stdout(cli.withExec(List.of("get", "foo"), true, ReturnType.SUCCESS));
        assertEquals("\n", later, "a new instance, without the value set in the chain");
    }

    private static void sleepUntil(Instant when) {
        Duration left = Duration.between(Instant.now(), when);
        if (!left.isNegative()) {
            E2eCluster.sleep(left);
        }
    }
}
