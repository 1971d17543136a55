package dev.berth.cli;

import dev.berth.cli.host.BindAddress;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How a command reaches Berth's API and opens a session: shared by {@code run}, {@code call} and {@code functions}. */
public final class SessionOptions {

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

    @Option(names = "--dagger-version", paramLabel = "VERSION", defaultValue = "${env:BERTH_DAGGER_VERSION}",
            description = "The Dagger version the scripts were written for, e.g. v0.14.0 (env BERTH_DAGGER_VERSION; "
                    + "default: the one Berth serves, v0.21.8). Where Dagger changed what a call means, the session "
                    + "keeps that version's meaning: before v0.15, asService() without args runs the last withExec "
                    + "as the service.")
    String daggerVersion;

    @Option(names = {"-q", "--quiet"}, description = "Say nothing on stderr but failures and where services listen.")
    boolean quiet;

    /** Lines the user must see even with --quiet (failures, where a service listens). */
    static void tell(String message) {
        System.err.println("berth: " + Timing.stamp() + message);
    }

    void say(String message) {
        if (!quiet) {
            System.err.println("berth: " + Timing.stamp() + message);
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
}
