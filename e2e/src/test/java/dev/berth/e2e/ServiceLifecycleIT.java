package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.engine.k8s.ServiceException;
import dev.berth.engine.k8s.Session;
import dev.berth.engine.k8s.crd.ServiceInstance;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.ReturnType;
import dev.berth.engine.model.Service;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Services that exit, explicit start and stop, and the seed's Redis start/stop example. */
class ServiceLifecycleIT extends EngineTestBase {

    private static Service exitsWith42() {
        return Container.from(Seeds.ALPINE).withExposedPort(8080)
                .asService(List.of("sh", "-c", "echo starting up; echo something broke >&2; exit 42"), false);
    }

    @Test
    void serviceExitingBeforeHealthyFailsTheExecWithItsCodeAndOutput() {
        Session session = openSession();
        Container client = Container.from(Seeds.ALPINE).withServiceBinding("broken", exitsWith42())
                .withExec(List.of("echo", "never runs"));
        ServiceException e = assertThrows(ServiceException.class, () -> session.exec(client));
        assertEquals(Optional.of(42), e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("exit code: 42"), e.getMessage());
        assertTrue(e.output().contains("starting up"), e.output());
        assertTrue(e.output().contains("something broke"), e.output());
    }

    @Test
    void startOfAServiceThatExitsCarriesItsOutput() {
        Session session = openSession();
        ServiceException e = assertThrows(ServiceException.class, () -> session.start(exitsWith42()));
        assertEquals(Optional.of(42), e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().contains("starting up") && e.getMessage().contains("something broke"),
                e.getMessage());
    }

    @Test
    void startPinsStopRemovesAndTheServiceIsUnreachableAfterwards() {
        Session session = openSession();
        Service http = Seeds.httpService();
        session.start(http);
        ServiceInstance started = instance(session, http.hostname());
        assertTrue(started.getSpec().isPinned(), "start pins the instance");
        String podIP = started.getStatus().getPodIP();
        assertNotNull(podIP);
        assertEquals("Hello, world!", session.stdout(Seeds.wgetClient(http)));

        session.stop(http);
        assertNull(instance(session, http.hostname()), "instance removed by stop");
        assertNull(pod(session, http.hostname()), "pod gone when stop returns");
        // A client that does not bind the service (binding would start it again) finds nothing there.
        Container probe = Container.from(Seeds.ALPINE).withExec(List.of("sh", "-c",
                "wget -T 5 -q -O /dev/null http://" + podIP + ":8080 && echo reachable || echo unreachable"));
        assertEquals("unreachable\n", session.stdout(probe));
    }

    @Test
    void seedRedisExplicitStartSetGetStop() {
        Session session = openSession();
        Service redis = Seeds.redis();
        session.start(redis);
        try {
            Container cli = Seeds.redisCli(redis);
            String setter = session.stdout(cli.withExec(List.of("set", "foo", "abc"), true, ReturnType.SUCCESS));
            String getter = session.stdout(cli.withExec(List.of("get", "foo"), true, ReturnType.SUCCESS));
            assertEquals("OK\nabc\n", setter + getter);
        } finally {
            session.stop(redis);
        }
        assertNull(instance(session, redis.hostname()));
    }
}
