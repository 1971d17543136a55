package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.engine.k8s.ServiceException;
import dev.berth.engine.k8s.Session;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.Service;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Services binding services, a service dying under a client, and session isolation. */
class ServiceTopologyIT extends EngineTestBase {

    /** Serves what the previous service in the chain serves, plus its own number. */
    private static Service link(int number, Service previous) {
        String script = "import http.server, urllib.request\n"
                + "prev = " + (previous == null ? "''" : "urllib.request.urlopen('http://prev:8080', timeout=10).read().decode()") + "\n"
                + "open('/srv/index.html', 'w').write(prev + '" + number + "')\n"
                + "import os; os.chdir('/srv')\n"
                + "http.server.test(HandlerClass=http.server.SimpleHTTPRequestHandler, port=8080, bind='0.0.0.0')\n";
        Container c = Container.from(Seeds.PYTHON).withNewFile("/srv/serve.py", script).withExposedPort(8080);
        if (previous != null) {
            c = c.withServiceBinding("prev", previous);
        }
        return c.asService(List.of("python", "/srv/serve.py"), false);
    }

    @Test
    void tenServicesChainedThroughOneAnother() {
        Session session = openSession();
        Service chain = null;
        for (int i = 0; i < 10; i++) {
            chain = link(i, chain);
        }
        Container client = Container.from(Seeds.ALPINE).withServiceBinding("last", chain)
                .withExec(List.of("wget", "-q", "-O-", "http://last:8080"));
        assertEquals("0123456789", session.stdout(client));
    }

    @Test
    void boundServiceDyingMidExecFailsTheExecNamingServiceAndAlias() {
        Session session = openSession();
        // Listens (so it becomes Ready), then exits 7 a few seconds later.
        Service flaky = Container.from(Seeds.PYTHON).withExposedPort(8080).asService(List.of("python", "-c",
                "import socket, time, sys\n"
                        + "s = socket.socket(); s.bind(('', 8080)); s.listen()\n"
                        + "print('listening', flush=True); time.sleep(8); sys.exit(7)"), false);
        Container client = Container.from(Seeds.ALPINE).withServiceBinding("flaky", flaky)
                .withExec(List.of("sleep", "300"));
        ServiceException e = assertTimeoutPreemptively(Duration.ofSeconds(90),
                () -> assertThrows(ServiceException.class, () -> session.exec(client)));
        assertTrue(e.getMessage().contains(flaky.hostname()) && e.getMessage().contains("\"flaky\""), e.getMessage());
        assertEquals(Optional.of(7), e.exitCode(), e.getMessage());
    }

    @Test
    void hostnamesAreStableAcrossSessionsAndEndpointsUseThem() {
        Service a = Seeds.httpService();
        Service b = Container.from(Seeds.PYTHON).withEnvVariable("INSTANCE", "2").withWorkdir("/srv")
                .withNewFile("index.html", "Hello, world!").withExposedPort(8080)
                .asService(List.of("python", "-m", "http.server", "8080"), false);
        assertEquals(a.hostname(), Seeds.httpService().hostname());
        assertNotEquals(a.hostname(), b.hostname());

        Session first = openSession();
        Session second = openSession();
        assertEquals(a.hostname() + ":8080", first.endpoint(a));
        assertEquals("http://" + a.hostname() + ":8080", second.endpoint(a, 8080, "http"));
        // Inside the client, the hostname itself resolves (as Dagger's /etc/hosts line does).
        Container client = Container.from(Seeds.ALPINE).withServiceBinding("www", a)
                .withExec(List.of("wget", "-q", "-O-", "http://" + first.endpoint(a)));
        assertEquals("Hello, world!", first.stdout(client));
        assertEquals("Hello, world!", second.stdout(client));
    }

    @Test
    void noCrossTalkBetweenSessions() {
        Session owner = openSession();
        Session other = openSession();
        Service http = Seeds.httpService();
        owner.start(http);
        String podIP = instance(owner, http.hostname()).getStatus().getPodIP();
        String probe = "wget -T 5 -q -O /dev/null http://" + podIP + ":8080 && echo reachable || echo unreachable";
        assertEquals("reachable\n", owner.stdout(Container.from(Seeds.ALPINE).withExec(List.of("sh", "-c", probe))),
                "same session reaches its service");
        assertEquals("unreachable\n", other.stdout(Container.from(Seeds.ALPINE).withExec(List.of("sh", "-c", probe))),
                "another session must not reach it (NetworkPolicy)");
    }
}
