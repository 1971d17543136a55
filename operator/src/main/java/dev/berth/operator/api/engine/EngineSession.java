package dev.berth.operator.api.engine;

import dev.berth.engine.k8s.ExecResult;
import dev.berth.engine.k8s.host.Exposure;
import dev.berth.engine.k8s.host.HostAgent;
import dev.berth.engine.model.PortForward;
import java.util.List;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.Secret;
import dev.berth.engine.model.Service;

/** One engine session, as the API uses it (a thin view of {@link dev.berth.engine.k8s.Session}). */
public interface EngineSession extends AutoCloseable {

    String id();

    /** Where the session's pods run. */
    String namespace();

    /** The Dagger version its client declared when it was opened, as recorded; null if none. */
    String daggerVersion();

    /** Runs the container's steps; memoized per definition. Throws the engine's exceptions. */
    ExecResult exec(Container container);

    /** Where the session's directories and files are held (shared by all sessions: content-addressed). */
    dev.berth.engine.files.FileStore files();

    /** The directory or file at {@code path} in the container after its steps ran, held in {@link #files()}. */
    dev.berth.engine.files.Tree capture(Container container, String path, boolean directory);

    /** Starts the service and pins it until {@link #stop}. */
    void start(Service service);

    void stop(Service service, boolean kill);

    /** {@code host:port}, or a URL with a scheme; port 0 means the first exposed port. */
    String endpoint(Service service, int port, String scheme);

    /** Stores a secret's value in the session (once: equal digests hold equal values). */
    void putSecret(Secret secret, String plaintext);

    /** A stored secret's value. */
    String secretPlaintext(Secret secret);

    /** The user's machine: the session channel of the {@code berth} process. */
    void useHostAgent(HostAgent agent);

    /** Exposes the service on the user's machine until the exposure is closed ({@code up}, tunnels). */
    Exposure expose(Service service, List<PortForward> forwards);

    /**
     * Renews the client's lease: it was seen now, by the operator pod {@code holder}; {@code channel}
     * once its {@code berth} process has attached a session channel.
     */
    void renew(String holder, boolean channel);

    /** Ends the session: its namespace is marked for deletion, and everything in it stops in the background. */
    @Override
    void close();
}
