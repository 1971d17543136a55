package dev.berth.engine.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExecExceptionTest {

    @Test
    void messageReadsLikeDaggers() {
        ExecException e = new ExecException(List.of("sh", "-c", "exit 3"), 3, "out\n", "err\n");
        assertTrue(e.getMessage().startsWith("process \"sh -c exit 3\" did not complete successfully: exit code: 3"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Stdout:\nout\n"), e.getMessage());
        assertTrue(e.getMessage().contains("Stderr:\nerr\n"), e.getMessage());
        assertEquals(3, e.exitCode());
    }

    @Test
    void endpointFormats() {
        var service = dev.berth.engine.model.Container.from("alpine").withExposedPort(8080).withExposedPort(9090)
                .asService(List.of("sleep", "1"), false);
        Session session = new Session(null, "x", EngineConfig.defaults());
        assertEquals(service.hostname() + ":8080", session.endpoint(service));
        assertEquals("http://" + service.hostname() + ":9090", session.endpoint(service, 9090, "http"));
    }
}
