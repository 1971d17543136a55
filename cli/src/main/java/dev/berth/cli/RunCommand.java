package dev.berth.cli;

import dev.berth.cli.host.BindAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth run -- CMD}: opens a session, runs CMD with {@code DAGGER_SESSION_PORT} and
 * {@code DAGGER_SESSION_TOKEN} set (how Dagger's SDKs find {@code dagger run}'s session), passes
 * its exit code through and closes the session (deleting its namespace) even on failure or Ctrl-C.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a command (e.g. a Dagger SDK script) against a Berth API session.",
                "Without --api, the in-cluster operator is reached through a port-forward (KUBECONFIG)."})
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--api", paramLabel = "URL",
            description = "Base URL of a Berth API, e.g. http://127.0.0.1:8080 (an operator run locally). "
                    + "Default: port-forward to the operator Service in the cluster.")
    URI api;

    @Option(names = "--namespace", defaultValue = "berth-system",
            description = "Namespace of the in-cluster operator (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--service", defaultValue = "berth-operator",
            description = "Service of the in-cluster operator (default: ${DEFAULT-VALUE}).")
    String service;

    @Option(names = "--service-port", defaultValue = "8080",
            description = "Port of that Service serving the API (default: ${DEFAULT-VALUE}).")
    int servicePort;

    @Option(names = "--bootstrap-secret", defaultValue = "berth-operator-api",
            description = "Secret with the bootstrap credential in the operator namespace (default: ${DEFAULT-VALUE}, "
                    + "as the Helm chart names it). Reading it is the RBAC permission to open sessions.")
    String bootstrapSecret;

    @Option(names = "--bootstrap-secret-key", defaultValue = "bootstrap-token",
            description = "Key of the credential in that Secret (default: ${DEFAULT-VALUE}).")
    String bootstrapSecretKey;

    @Option(names = "--bootstrap-token-file", paramLabel = "FILE",
            description = "File with the bootstrap credential (default with --api: ~/.berth/bootstrap-token, "
                    + "where a local operator writes it). The env BERTH_BOOTSTRAP_TOKEN takes precedence.")
    Path bootstrapTokenFile;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = BindAddress.DEFAULT,
            description = "Address of this machine where `up` and tunnels listen (default: ${DEFAULT-VALUE}; "
                    + "0.0.0.0 for every interface).")
    String bind;

    @Option(names = {"-q", "--quiet"}, description = "Do not report the session on stderr.")
    boolean quiet;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments.")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        Session session = new Session(this);
        Thread hook = new Thread(session::close, "berth-close-session");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            session.open();
            return session.runCommand(command);
        } finally {
            session.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it closes the session
            }
        }
    }

    /** Lines the user must see even with --quiet (failures, where a service listens). */
    static void tell(String message) {
        System.err.println("berth: " + message);
    }

    void say(String message) {
        if (!quiet) {
            System.err.println("berth: " + message);
        }
    }

    /** The bootstrap credential from the env, a file, or (in-cluster) the Secret. */
    Optional<String> bootstrapToken() throws IOException {
        String env = System.getenv("BERTH_BOOTSTRAP_TOKEN");
        if (env != null && !env.isBlank()) {
            return Optional.of(env.trim());
        }
        Path file = bootstrapTokenFile;
        if (file == null && api != null) {
            file = Path.of(System.getProperty("user.home"), ".berth", "bootstrap-token");
        }
        if (file != null) {
            if (!Files.isReadable(file)) {
                throw new IOException("no bootstrap credential: " + file + " is not readable (set BERTH_BOOTSTRAP_TOKEN "
                        + "or --bootstrap-token-file)");
            }
            return Optional.of(Files.readString(file).trim());
        }
        return Optional.empty();
    }

    /** Everything one {@code run} opened, closed once whichever path (normal, error, Ctrl-C) gets there first. */
    static final class Session {

        private final RunCommand options;
        private ApiConnection connection;
        private ApiClient.OpenedSession opened;
        private SessionAgent agent;
        private Process child;
        private boolean closed;

        Session(RunCommand options) {
            this.options = options;
        }

        synchronized void open() throws IOException, InterruptedException {
            InetAddress bind = BindAddress.resolve(options.bind);
            connection = options.api != null ? ApiConnection.direct(options.api)
                    : ApiConnection.portForward(options.namespace, options.service, options.servicePort);
            String bootstrap = options.bootstrapToken()
                    .or(() -> connection.bootstrapTokenFromSecret(options.namespace, options.bootstrapSecret,
                            options.bootstrapSecretKey))
                    .orElseThrow(() -> new IOException("no bootstrap credential found"));
            opened = new ApiClient(connection.baseUri()).openSession(bootstrap);
            options.say("session " + opened.id() + " opened (namespace " + opened.namespace() + ", API "
                    + connection.describe() + ")");
            startAgent(bind);
        }

        /** Without the channel the script still runs; only host networking is missing. */
        private void startAgent(InetAddress bind) {
            try {
                agent = SessionAgent.start(connection.baseUri(), opened.id(), opened.token(), bind, RunCommand::tell);
            } catch (IOException e) {
                // ChannelUnavailableException: an operator older than the channel endpoint
                tell("no session channel (" + e.getMessage() + "): up, tunnels and host services are unavailable");
            }
        }

        int runCommand(List<String> command) throws InterruptedException {
            ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
            builder.environment().put("DAGGER_SESSION_PORT", Integer.toString(connection.loopbackPort()));
            builder.environment().put("DAGGER_SESSION_TOKEN", opened.token());
            builder.environment().put("BERTH_SESSION_ID", opened.id());
            synchronized (this) {
                if (closed) {
                    return Berth.EXIT_BERTH_FAILED;
                }
                try {
                    child = builder.start();
                } catch (IOException e) {
                    System.err.println("berth: cannot run " + command.get(0) + ": " + e.getMessage());
                    return Berth.EXIT_COMMAND_NOT_FOUND;
                }
            }
            return child.waitFor();
        }

        /** Stops the command if still running, closes the session (waits for its namespace to go). */
        synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (child != null && child.isAlive()) {
                child.destroy();
                try {
                    if (!child.waitFor(10, TimeUnit.SECONDS)) {
                        child.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    child.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
            if (agent != null) {
                agent.close();
            }
            try {
                if (opened != null) {
                    options.say("closing session " + opened.id());
                    new ApiClient(connection.baseUri()).closeSession(opened.id(), opened.token());
                    options.say("session " + opened.id() + " closed");
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("berth: could not close session " + opened.id() + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (connection != null) {
                    connection.close();
                }
            }
        }
    }
}
