package dev.berth.operator.api;

import dev.berth.engine.k8s.ExecException;
import dev.berth.engine.k8s.ExecOutput;
import dev.berth.engine.k8s.ExecResult;
import dev.berth.engine.k8s.host.Exposure;
import dev.berth.engine.k8s.host.HostAgent;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.PortForward;
import dev.berth.engine.model.Exec;
import dev.berth.engine.model.Service;
import dev.berth.operator.api.engine.EngineGateway;
import dev.berth.operator.api.engine.EngineSession;
import io.quarkus.test.Mock;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine for tests without a cluster: an exec prints its args to stdout; the command
 * {@code fail} exits 3 with "boom" on stderr; {@code cat} with stdin prints the stdin;
 * {@code whoami} prints the exec's user (root when none); {@code printenv NAME} the variable Berth
 * set; {@code both} writes "err\n" then
 * "out\n" (its combined output is in that order). Records what reached the engine.
 */
@Mock
@ApplicationScoped
public class FakeGateway implements EngineGateway {

    public static final List<String> CALLS = new CopyOnWriteArrayList<>();
    private static final AtomicInteger SESSIONS = new AtomicInteger();

    @Override
    public Optional<EngineSession> attach(String tokenHash) {
        return Optional.empty(); // one process, no records: a token it did not hand out is unknown
    }

    @Override
    public boolean close(String id) {
        return false;
    }

    @Override
    public EngineSession open(String tokenHash, String daggerVersion) {
        String id = "fake" + SESSIONS.incrementAndGet();
        CALLS.add("open " + id);
        return new EngineSession() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String namespace() {
                return "berth-" + id;
            }

            @Override
            public String daggerVersion() {
                return daggerVersion;
            }

            @Override
            public dev.berth.engine.files.FileStore files() {
                return dev.berth.engine.files.FileStore.processDefault();
            }

            @Override
            public dev.berth.engine.files.Tree capture(Container container, String path, boolean directory) {
                CALLS.add("capture " + container.digest() + " " + path);
                throw new dev.berth.engine.k8s.EngineException("the fake gateway runs no pods");
            }

            @Override
            public ExecResult exec(Container container) {
                CALLS.add("exec " + container.digest());
                List<ExecOutput> outputs = new ArrayList<>();
                for (Exec exec : container.execs()) {
                    if (exec.args().get(0).equals("fail")) {
                        if (exec.expect().accepts(3)) {
                            outputs.add(new ExecOutput(exec.args(), 3, "partial", "boom"));
                            continue;
                        }
                        throw new ExecException(exec.args(), 3, "partial", "boom");
                    }
                    switch (exec.args().get(0)) {
                        case "cat" -> outputs.add(new ExecOutput(exec.args(), 0, exec.stdin(), ""));
                        case "whoami" -> outputs.add(new ExecOutput(exec.args(), 0,
                                exec.user().orElse("root") + "\n", ""));
                        case "printenv" -> outputs.add(new ExecOutput(exec.args(), 0,
                                exec.env().getOrDefault(exec.args().get(1), "") + "\n", ""));
                        case "both" -> outputs.add(new ExecOutput(exec.args(), 0, "out\n", "err\n", "err\nout\n"));
                        default -> outputs.add(new ExecOutput(exec.args(), 0, String.join(" ", exec.args()), ""));
                    }
                }
                return new ExecResult(outputs);
            }

            @Override
            public void start(Service service) {
                CALLS.add("start " + service.hostname());
            }

            @Override
            public void stop(Service service, boolean kill) {
                CALLS.add("stop " + service.hostname() + " kill=" + kill);
            }

            @Override
            public String endpoint(Service service, int port, String scheme) {
                int p = port == 0 ? service.exposedPorts().get(0).port() : port;
                return (scheme.isEmpty() ? "" : scheme + "://") + service.hostname() + ":" + p;
            }

            private final java.util.Map<String, String> secrets = new java.util.concurrent.ConcurrentHashMap<>();

            @Override
            public void putSecret(dev.berth.engine.model.Secret secret, String plaintext) {
                CALLS.add("secret " + secret.kubeName()); // the name only, as the real one logs
                secrets.putIfAbsent(secret.kubeName(), plaintext);
            }

            @Override
            public String secretPlaintext(dev.berth.engine.model.Secret secret) {
                String value = secrets.get(secret.kubeName());
                if (value == null) {
                    throw new dev.berth.engine.k8s.EngineException("secret \"" + secret.name() + "\" is not stored in this session");
                }
                return value;
            }

            private volatile HostAgent agent = HostAgent.NONE;

            @Override
            public void useHostAgent(HostAgent hostAgent) {
                CALLS.add("agent " + id);
                agent = hostAgent;
            }

            /** Straight to the session channel: what the berth process is asked is what the test sees. */
            @Override
            public Exposure expose(Service service, List<PortForward> forwards) {
                CALLS.add("expose " + service.hostname() + " " + forwards);
                return agent.expose(namespace(), service.hostname(), service.hostname(), forwards);
            }

            @Override
            public void renew(String holder, boolean channel) {
                // leases are the API server's business: nothing to record here
            }

            @Override
            public void close() {
                CALLS.add("close " + id);
            }
        };
    }
}
