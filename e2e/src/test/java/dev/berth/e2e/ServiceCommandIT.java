package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.engine.k8s.Session;
import dev.berth.engine.k8s.crd.ServiceInstance;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.Service;
import dev.berth.engine.model.ValidationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * asService's choice of command, by Dagger's rules, seen from a client: the service answers
 * HTTP requests with the arguments it was started with (the entrypoint's own "ep" included).
 */
class ServiceCommandIT extends EngineTestBase {

    private static final String ARGV_SERVER = """
            import http.server, json, sys
            body = json.dumps(sys.argv[1:]).encode()
            class Argv(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    self.send_response(200)
                    self.end_headers()
                    self.wfile.write(body)
            http.server.HTTPServer(("", 8080), Argv).serve_forever()
            """;

    /** Entrypoint {@code argv.py ep}, default args {@code default}. */
    private static Container base() {
        return Container.from(Seeds.PYTHON)
                .withNewFile("/srv/argv.py", ARGV_SERVER)
                .withEntrypoint(List.of("python3", "/srv/argv.py", "ep"))
                .withDefaultArgs(List.of("default"))
                .withExposedPort(8080);
    }

    private static String argvSeenBy(Session session, Service service) {
        return session.stdout(Container.from(Seeds.ALPINE).withServiceBinding("svc", service)
                .withExec(List.of("wget", "-q", "-O-", "http://svc:8080")));
    }

    @Test
    void noArgsRunsTheEntrypointWithTheDefaultArgs() {
        assertEquals("[\"ep\", \"default\"]", argvSeenBy(openSession(), base().asService()));
    }

    @Test
    void argsReplaceTheEntrypointUnlessUseEntrypoint() {
        Session session = openSession();
        assertEquals("[\"given\"]", argvSeenBy(session,
                base().asService(List.of("python3", "/srv/argv.py", "given"), false)));
        assertEquals("[\"ep\", \"given\"]", argvSeenBy(session, base().asService(List.of("given"), true)));
    }

    @Test
    void legacyFormTheLastExecIsTheServiceCommandAndIsNotRunAsAnExec() {
        Session session = openSession();
        // Were it run as an exec first, the server would block it forever and the service never start.
        Service legacy = base().withExec(List.of("python3", "/srv/argv.py", "legacy")).asService();
        assertEquals("[\"legacy\"]", argvSeenBy(session, legacy));
    }

    @Test
    void imageCommandWithStepsBeforeItIsRejectedBeforeAnythingIsCreated() {
        Session session = openSession();
        // The image's own ENTRYPOINT/CMD is unknown to Berth, so files cannot be written before it.
        Service service = Container.from(Seeds.REDIS).withNewFile("/data/seed.txt", "x").withExposedPort(6379)
                .asService();
        ValidationException e = assertThrows(ValidationException.class, () -> session.start(service));
        assertEquals("asService.args", e.field());
        assertTrue(e.getMessage().contains("ENTRYPOINT"), e.getMessage());
        assertTrue(client().resources(ServiceInstance.class).inNamespace(session.namespace()).list().getItems()
                .isEmpty(), "no ServiceInstance was created");
    }
}
