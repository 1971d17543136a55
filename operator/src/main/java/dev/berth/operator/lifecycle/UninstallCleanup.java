package dev.berth.operator.lifecycle;

import dev.berth.engine.k8s.crd.SessionOrigin;
import dev.berth.engine.k8s.crd.SessionResource;
import dev.berth.engine.k8s.session.SessionRecords;
import dev.berth.operator.pipeline.Pipeline;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The chart's pre-delete hook: deletes every Pipeline in the watched namespaces and waits until
 * the operator, still running at that point, has cleaned up their sessions and released their
 * finalizers. Without it `helm uninstall` would remove the operator first, leaving the Pipelines
 * stuck on their finalizer and their session namespaces behind.
 *
 * <p>Plain Java, not a Quarkus application: the hook Job starts it with {@code java -cp} over
 * the operator image's jars.
 *
 * <p>Usage: {@code UninstallCleanup [TIMEOUT_SECONDS]}; {@code BERTH_WATCH_NAMESPACES} (comma
 * separated, empty for all) as the operator's. Exits 0 once none is left, 1 on timeout.
 */
public final class UninstallCleanup {

    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final List<String> namespaces;
    private final PrintStream out;

    UninstallCleanup(KubernetesClient client, List<String> namespaces, PrintStream out) {
        this.client = client;
        this.namespaces = namespaces;
        this.out = out;
    }

    public static void main(String[] args) {
        Duration timeout = args.length > 0 ? Duration.ofSeconds(Long.parseLong(args[0])) : DEFAULT_TIMEOUT;
        String watched = System.getenv().getOrDefault("BERTH_WATCH_NAMESPACES", "");
        List<String> namespaces = Arrays.stream(watched.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toList();
        int code;
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            code = new UninstallCleanup(client, namespaces, System.out).run(timeout);
        } catch (KubernetesClientException e) {
            System.out.println("Could not clean up Pipelines: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
            code = 2;
        }
        // The HTTP client's event-loop threads would keep the JVM alive.
        System.exit(code);
    }

    int run(Duration timeout) {
        Instant start = Instant.now();
        closeApiSessions();
        List<Pipeline> pipelines = pipelines();
        if (pipelines.isEmpty()) {
            out.println("No Pipelines " + scope() + ": nothing to clean up.");
            return 0;
        }
        out.printf("Deleting %d Pipeline(s) %s; the operator cleans up their sessions: %s%n", pipelines.size(),
                scope(), names(pipelines));
        pipelines.forEach(p -> client.resource(p).delete());
        Instant deadline = start.plus(timeout);
        Instant nextProgress = start.plus(PROGRESS_EVERY);
        while (Instant.now().isBefore(deadline)) {
            List<Pipeline> left = pipelines();
            if (left.isEmpty()) {
                out.printf("All %d Pipeline(s) and their sessions are gone after %d s.%n", pipelines.size(),
                        Duration.between(start, Instant.now()).toSeconds());
                return 0;
            }
            if (Instant.now().isAfter(nextProgress)) {
                out.printf("Waiting for %d Pipeline(s): %s%n", left.size(), names(left));
                nextProgress = nextProgress.plus(PROGRESS_EVERY);
            }
            sleep(POLL);
        }
        out.printf("Timed out after %d s; still present: %s.%nThe Berth operator removes a Pipeline's finalizer"
                + " once its session is deleted: is it running? To uninstall without this clean-up, run"
                + " `helm uninstall --no-hooks`, then `kubectl patch pipeline NAME --type=merge -p"
                + " '{\"metadata\":{\"finalizers\":null}}'` and delete the berth-pl* namespaces.%n",
                timeout.toSeconds(), names(pipelines()));
        return 1;
    }

    /**
     * API sessions outlive an operator restart (they are recorded as Sessions), so nothing else
     * would close them once the operator is gone: deleting a Session deletes its namespace.
     */
    private void closeApiSessions() {
        List<SessionResource> open;
        try {
            open = client.resources(SessionResource.class).list().getItems().stream()
                    .filter(s -> s.getSpec() != null && s.getSpec().getOrigin() == SessionOrigin.Api).toList();
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                return; // no Session CRD: an older install
            }
            throw e;
        }
        if (!open.isEmpty()) {
            out.printf("Closing %d open API session(s): %s%n", open.size(),
                    open.stream().map(s -> s.getMetadata().getName()).toList());
            open.forEach(s -> SessionRecords.requestDelete(client, s.getMetadata().getName()));
        }
    }

    /** Every Pipeline in scope; none when the CRD itself is gone (nothing can be stuck then). */
    private List<Pipeline> pipelines() {
        try {
            return listPipelines();
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
    }

    private List<Pipeline> listPipelines() {
        if (namespaces.isEmpty()) {
            return client.resources(Pipeline.class).inAnyNamespace().list().getItems();
        }
        return namespaces.stream().flatMap(ns -> client.resources(Pipeline.class).inNamespace(ns).list().getItems()
                .stream()).toList();
    }

    private String scope() {
        return namespaces.isEmpty() ? "in any namespace" : "in " + String.join(", ", namespaces);
    }

    private static String names(List<Pipeline> pipelines) {
        Stream<String> names = pipelines.stream()
                .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName());
        return String.join(", ", names.toList());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
