package dev.berth.e2e.api;

import dev.berth.e2e.Crds;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Berth operator as users run it locally: the Quarkus app built in operator/target, started
 * as its own process against the cluster of KUBECONFIG (its ServiceInstance reconciler and the
 * GraphQL API on 127.0.0.1), plus the berth CLI built in cli/target.
 */
final class BerthApiProcess implements AutoCloseable {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path OPERATOR_JAR = ROOT.resolve("operator/target/quarkus-app/quarkus-run.jar");
    static final Path CLI_JAR = ROOT.resolve("cli/target/berth-cli.jar");
    static final Path LOGS = ROOT.resolve("e2e/target/api-e2e");

    private final Process process;
    private final int port;
    private final String bootstrapToken;
    private final KubernetesClient client;

    private BerthApiProcess(Process process, int port, String bootstrapToken, KubernetesClient client) {
        this.process = process;
        this.port = port;
        this.bootstrapToken = bootstrapToken;
        this.client = client;
    }

    static BerthApiProcess start() throws IOException, InterruptedException {
        return start(Map.of());
    }

    /** @param environment extra variables for the operator process */
    static BerthApiProcess start(Map<String, String> environment) throws IOException, InterruptedException {
        for (Path jar : List.of(OPERATOR_JAR, CLI_JAR)) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build the operator and cli modules first "
                        + "(mvn install, or mvn -pl operator,cli -am package)");
            }
        }
        Files.createDirectories(LOGS);
        KubernetesClient client = new KubernetesClientBuilder().build();
        // Both CRDs: the operator reconciles ServiceInstances and Pipelines and fails to start without them.
        Crds.installServiceInstances(client);
        Crds.installPipelines(client);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = "e2e-" + HexFormat.of().formatHex(random);
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx512m",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-jar", OPERATOR_JAR.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(LOGS.resolve("operator.log").toFile()));
        builder.environment().put("BERTH_API_BOOTSTRAP_TOKEN", token);
        // Exec pods post their results to this process, at this machine's address on the pod network.
        int reportsPort;
        try (ServerSocket free = new ServerSocket(0)) {
            reportsPort = free.getLocalPort();
        }
        builder.environment().put("BERTH_EXEC_REPORTS_PORT", Integer.toString(reportsPort));
        builder.environment().put("BERTH_EXEC_REPORTS_URL",
                "http://" + dev.berth.e2e.E2eCluster.nodeAddress(client) + ":" + reportsPort);
        builder.environment().putAll(environment);
        Process process = builder.start();
        BerthApiProcess api = new BerthApiProcess(process, port, token, client);
        try {
            api.awaitReady(Duration.ofMinutes(3));
        } catch (IOException | InterruptedException | RuntimeException e) {
            api.close();
            throw e;
        }
        return api;
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the operator exited with " + process.exitValue() + "; see "
                        + LOGS.resolve("operator.log"));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the operator was not ready within " + timeout + "; see "
                + LOGS.resolve("operator.log"));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String bootstrapToken() {
        return bootstrapToken;
    }

    KubernetesClient client() {
        return client;
    }

    /** {@code berth run --api ... -- command}, with the bootstrap credential in the environment. */
    ProcessBuilder berthRun(List<String> command) {
        List<String> argv = new java.util.ArrayList<>(List.of("java", "-jar", CLI_JAR.toString(), "run",
                "--api", baseUrl(), "--"));
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv).directory(ROOT.toFile());
        builder.environment().put("BERTH_BOOTSTRAP_TOKEN", bootstrapToken);
        return builder;
    }

    /**
     * A closed session's namespace: marked for deletion when the command exits (closing does
     * not wait for it), and gone once Kubernetes has stopped what ran in it.
     */
    void assertNamespaceDeleted(String namespace, String context) throws InterruptedException {
        io.fabric8.kubernetes.api.model.Namespace ns = client.namespaces().withName(namespace).get();
        if (ns != null && ns.getMetadata().getDeletionTimestamp() == null) {
            throw new AssertionError("namespace " + namespace + " should be marked for deletion\n" + context);
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (client.namespaces().withName(namespace).get() != null) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("namespace " + namespace + " is still there 90 s after the session closed\n"
                        + context);
            }
            Thread.sleep(500);
        }
    }

    /** {@code berth SUBCOMMAND --api URL ARGS...} (call, functions ...), with the bootstrap credential. */
    ProcessBuilder berth(String subcommand, List<String> args) {
        List<String> argv = new java.util.ArrayList<>(List.of("java", "-jar", CLI_JAR.toString(), subcommand,
                "--api", baseUrl()));
        argv.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(argv).directory(ROOT.toFile());
        builder.environment().put("BERTH_BOOTSTRAP_TOKEN", bootstrapToken);
        return builder;
    }

    /** SIGKILL: the operator crashes, with no chance to close its sessions. */
    void crash() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
        client.close();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            client.close();
        }
    }
}
