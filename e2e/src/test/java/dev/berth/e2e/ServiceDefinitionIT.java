package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.engine.k8s.Session;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.ExposedPort;
import dev.berth.engine.model.NetworkProtocol;
import dev.berth.engine.model.Service;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a service declares, as Dagger's service tests check it: a custom hostname, its ports in
 * order with protocol and description, and ports that skip the health check.
 */
class ServiceDefinitionIT extends EngineTestBase {

    @Test
    void withHostnameNamesTheServiceForItsClients() {
        Session session = openSession();
        Service www = Seeds.httpService().withHostname("my-www");
        assertEquals("my-www", session.hostname(www));
        assertEquals("my-www:8080", session.endpoint(www));
        assertEquals("http://my-www:8080", session.endpoint(www, 8080, "http"));

        // The client reaches it by the custom name, with no alias of its own.
        String body = session.stdout(Container.from(Seeds.ALPINE).withServiceBinding("www", www)
                .withExec(List.of("wget", "-q", "-O-", "http://my-www:8080")));
        assertEquals("Hello, world!", body);
    }

    @Test
    void portsKeepTheirOrderProtocolAndDescription() {
        Session session = openSession();
        Service service = Container.from(Seeds.PYTHON)
                .withExposedPort(8081, NetworkProtocol.TCP, "second", false)
                .withExposedPort(8080, NetworkProtocol.TCP, "first", false)
                .withExposedPort(5353, NetworkProtocol.UDP, "dns", false)
                .asService(List.of("sh", "-c",
                        "python -m http.server 8080 & python -m http.server 8081 & wait"), false);
        List<ExposedPort> ports = session.ports(service);
        assertEquals(List.of(8081, 8080, 5353), ports.stream().map(ExposedPort::port).toList());
        assertEquals(List.of("second", "first", "dns"), ports.stream().map(ExposedPort::description).toList());
        assertEquals(NetworkProtocol.UDP, ports.get(2).protocol());

        // Both TCP ports are health-checked, so a client finds both answering.
        String out = session.stdout(Container.from(Seeds.ALPINE).withServiceBinding("svc", service)
                .withExec(List.of("sh", "-c", "wget -q -O /dev/null http://svc:8080 && wget -q -O /dev/null "
                        + "http://svc:8081 && echo both")));
        assertEquals("both", out.strip());
    }

    @Test
    void aPortThatSkipsTheHealthCheckDoesNotHoldClientsBack() {
        Session session = openSession();
        // Port 9999 never listens; were it health-checked, the service would never become Ready.
        Service service = Container.from(Seeds.PYTHON)
                .withExposedPort(8080)
                .withExposedPort(9999, NetworkProtocol.TCP, "never listens", true)
                .asService(List.of("python", "-m", "http.server", "8080"), false);
        String out = session.stdout(Container.from(Seeds.ALPINE).withServiceBinding("svc", service)
                .withExec(List.of("sh", "-c", "wget -q -O /dev/null http://svc:8080 && echo reached")));
        assertEquals("reached", out.strip());
    }
}
