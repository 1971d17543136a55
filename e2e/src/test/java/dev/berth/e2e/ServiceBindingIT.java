package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.engine.k8s.Session;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.Service;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed's service binding: a client reaches the service under its alias. */
class ServiceBindingIT extends EngineTestBase {

    @Test
    void seedHttpServiceAnswersUnderItsAlias() {
        Session session = openSession();
        String body = session.stdout(Seeds.wgetClient(Seeds.httpService()));
        assertEquals("Hello, world!", body);
    }

    @Test
    void aliasAndHostnameBothResolveAndHostHeaderIsTheAlias() {
        Session session = openSession();
        // Echo the request's Host header back: a tiny HTTP server in python.
        String server = "import http.server as h\n"
                + "class E(h.BaseHTTPRequestHandler):\n"
                + "    def do_GET(self):\n"
                + "        b = self.headers['Host'].encode()\n"
                + "        self.send_response(200); self.send_header('Content-Length', str(len(b))); self.end_headers()\n"
                + "        self.wfile.write(b)\n"
                + "h.HTTPServer(('', 8080), E).serve_forever()\n";
        Service echo = Container.from(Seeds.PYTHON).withNewFile("/srv/echo.py", server).withExposedPort(8080)
                .asService(List.of("python", "/srv/echo.py"), false);
        Container client = Container.from(Seeds.ALPINE).withServiceBinding("myalias", echo)
                .withExec(List.of("wget", "-q", "-O-", "http://myalias:8080"))
                .withExec(List.of("sh", "-c", "echo; wget -q -O- http://" + echo.hostname() + ":8080"));
        var result = session.exec(client);
        assertEquals("myalias:8080", result.execs().get(0).stdout());
        assertTrue(result.stdout().contains(echo.hostname() + ":8080"), result.stdout());
    }
}
