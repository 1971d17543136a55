package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import dev.berth.engine.k8s.reconciler.PodStates;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Shared plumbing for tests against a real cluster: client, throw-away namespaces, the two test
 * images, and waits that fail with the pod's status and the namespace's events in the message.
 */
public final class E2eCluster implements AutoCloseable {

    /** Images are imported into the cluster, never pulled: always IfNotPresent. */
    public static final String PYTHON_IMAGE = "docker.io/library/python:latest";
    public static final String ALPINE_IMAGE = "docker.io/library/alpine:latest";
    public static final String PULL_POLICY = "IfNotPresent";

    public static final String GREETING = "Hello, world!";
    public static final int HTTP_PORT = 8080;

    /** Generous: the first start of an image on a loaded 2-core machine can take minutes. */
    public static final Duration POD_READY_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration POD_DONE_TIMEOUT = Duration.ofMinutes(4);
    public static final Duration NAMESPACE_GONE_TIMEOUT = Duration.ofMinutes(4);

    private static final Duration POLL = Duration.ofSeconds(1);
    private static final String E2E_LABEL = "berth.dev/e2e";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KubernetesClient client;
    private final List<String> namespaces = new ArrayList<>();

    private E2eCluster(KubernetesClient client) {
        this.client = client;
    }

    /**
     * This machine's address as pods see it: the first node's InternalIP (the local cluster's one
     * node is this machine). Where a process of the tests listens for pods (exec reports).
     */
    public static String nodeAddress(KubernetesClient client) {
        return client.nodes().list().getItems().stream()
                .flatMap(n -> n.getStatus().getAddresses().stream())
                .filter(a -> "InternalIP".equals(a.getType()))
                .map(io.fabric8.kubernetes.api.model.NodeAddress::getAddress)
                .findFirst().orElseThrow(() -> new IllegalStateException("no node with an InternalIP"));
    }

    /** Connects with KUBECONFIG from the environment and fails clearly if no cluster answers. */
    public static E2eCluster connect() {
        KubernetesClient client = new KubernetesClientBuilder().build();
        try {
            client.getKubernetesVersion();
        } catch (KubernetesClientException e) {
            client.close();
            fail("No Kubernetes API reachable (KUBECONFIG=" + System.getenv("KUBECONFIG")
                    + ", master=" + client.getConfiguration().getMasterUrl() + "): " + rootCause(e), e);
        }
        return new E2eCluster(client);
    }

    public KubernetesClient client() {
        return client;
    }

    /** Creates a namespace with a random suffix; {@link #close()} deletes it. */
    public String createNamespace(String prefix) {
        String name = prefix + "-" + randomSuffix();
        client.namespaces().resource(new NamespaceBuilder()
                .withNewMetadata().withName(name).addToLabels(E2E_LABEL, "true").endMetadata()
                .build()).create();
        namespaces.add(name);
        return name;
    }

    /** Deletes the namespaces this instance created, waiting until they are gone. */
    @Override
    public void close() {
        try {
            if (!Boolean.parseBoolean(System.getenv("BERTH_E2E_KEEP_NAMESPACES"))) {
                for (String namespace : namespaces) {
                    deleteNamespaceAndWait(namespace, NAMESPACE_GONE_TIMEOUT);
                }
            }
        } finally {
            client.close();
        }
    }

    public void deleteNamespaceAndWait(String namespace, Duration timeout) {
        client.namespaces().withName(namespace).delete();
        waitFor(timeout, "namespace " + namespace + " to be deleted",
                () -> client.namespaces().withName(namespace).get() == null,
                () -> describeNamespace(namespace));
    }

    // ---- pods and services used by the smoke tests -----------------------------------------

    /**
     * A python HTTP server in /srv serving index.html with {@link #GREETING}, Ready once port
     * 8080 accepts connections. Uses python3 where the image has no "python" alias.
     */
    public Pod createHttpServer(String namespace, String name, Map<String, String> labels) {
        String script = "mkdir -p /srv && printf '%s' '" + GREETING + "' > /srv/index.html"
                + " && exec \"$(command -v python3 || command -v python)\" -m http.server " + HTTP_PORT;
        return client.pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec()
                .withTerminationGracePeriodSeconds(1L)
                .addNewContainer()
                .withName("http")
                .withImage(PYTHON_IMAGE)
                .withImagePullPolicy(PULL_POLICY)
                .withWorkingDir("/srv")
                .withCommand("sh", "-c", script)
                .addNewPort().withContainerPort(HTTP_PORT).withProtocol("TCP").endPort()
                .withNewReadinessProbe()
                .withNewTcpSocket().withPort(new IntOrString(HTTP_PORT)).endTcpSocket()
                .withPeriodSeconds(1)
                .withFailureThreshold(3)
                .endReadinessProbe()
                .endContainer()
                .endSpec()
                .build()).create();
    }

    public Service createService(String namespace, String name, Map<String, String> selector, int port) {
        return client.services().inNamespace(namespace).resource(new ServiceBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                .withSelector(selector)
                .addNewPort().withName("http").withProtocol("TCP").withPort(port)
                .withTargetPort(new IntOrString(port)).endPort()
                .endSpec()
                .build()).create();
    }

    /** An alpine pod that runs {@code sh -c script} once (restartPolicy Never). */
    public Pod createShellPod(String namespace, String name, String script) {
        return createShellPod(namespace, name, script, Map.of());
    }

    /** As {@link #createShellPod(String, String, String)}, with labels on the pod. */
    public Pod createShellPod(String namespace, String name, String script, Map<String, String> labels) {
        return client.pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withTerminationGracePeriodSeconds(1L)
                .addNewContainer()
                .withName("main")
                .withImage(ALPINE_IMAGE)
                .withImagePullPolicy(PULL_POLICY)
                .withCommand("sh", "-c", script)
                .endContainer()
                .endSpec()
                .build()).create();
    }

    /** An alpine pod that idles, for exec tests. Grace 1 s: sleep as PID 1 ignores SIGTERM. */
    public Pod createSleeper(String namespace, String name) {
        return createShellPod(namespace, name, "exec sleep 3600");
    }

    /**
     * Shell for a client that retries {@code wget} for up to about a minute: Service endpoints
     * and kube-proxy rules can lag a moment behind the server becoming Ready.
     */
    public static String wgetWithRetries(String url) {
        return "i=0; while [ $i -lt 30 ]; do"
                + " if wget -q -T 5 -O- '" + url + "'; then exit 0; fi;"
                + " i=$((i+1)); sleep 2; done; echo 'wget kept failing: " + url + "' >&2; exit 1";
    }

    // ---- waiting ------------------------------------------------------------------------

    public Pod waitForPodReady(String namespace, String name, Duration timeout) {
        waitFor(timeout, "pod " + namespace + "/" + name + " to become Ready",
                () -> isReady(pod(namespace, name)), () -> describeNamespace(namespace));
        return pod(namespace, name);
    }

    /** Waits until the pod reached one of {@code phases} (e.g. Succeeded, Failed). */
    public Pod waitForPodPhase(String namespace, String name, Set<String> phases, Duration timeout) {
        waitFor(timeout, "pod " + namespace + "/" + name + " to reach phase " + phases,
                () -> {
                    Pod pod = pod(namespace, name);
                    return pod != null && pod.getStatus() != null && phases.contains(pod.getStatus().getPhase());
                },
                () -> describeNamespace(namespace));
        return pod(namespace, name);
    }

    /** Waits for a pod that runs to completion and returns its phase. */
    public String waitForCompletion(String namespace, String name) {
        return waitForPodPhase(namespace, name, Set.of("Succeeded", "Failed"), POD_DONE_TIMEOUT)
                .getStatus().getPhase();
    }

    public String logs(String namespace, String name) {
        try {
            String log = client.pods().inNamespace(namespace).withName(name).getLog();
            return log == null ? "" : log;
        } catch (KubernetesClientException e) {
            return "<no log: " + e.getMessage() + ">";
        }
    }

    public Pod pod(String namespace, String name) {
        return client.pods().inNamespace(namespace).withName(name).get();
    }

    public static boolean isReady(Pod pod) {
        return pod != null && pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Polls {@code done} until it holds; on timeout fails with {@code diagnostics}. */
    public static void waitFor(Duration timeout, String what, Check done, Diagnostics diagnostics) {
        Instant deadline = Instant.now().plus(timeout);
        Exception lastError = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                if (done.holds()) {
                    return;
                }
                lastError = null;
            } catch (Exception e) {
                lastError = e; // transient API errors: keep polling until the deadline
            }
            sleep(POLL);
        }
        String last = lastError == null ? "" : "\nlast error: " + lastError;
        fail("Timed out after " + timeout.toSeconds() + " s waiting for " + what + last
                + "\n" + safely(diagnostics));
    }

    /** A human summary for failure messages: pods with phase, conditions, container states; events. */
    public String describeNamespace(String namespace) {
        StringBuilder out = new StringBuilder("--- namespace ").append(namespace).append(" ---\n");
        for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
            out.append("pod ").append(pod.getMetadata().getName()).append(": ").append(summary(pod)).append('\n');
        }
        List<Event> events = new ArrayList<>(client.v1().events().inNamespace(namespace).list().getItems());
        events.sort(Comparator.comparing(e -> String.valueOf(e.getLastTimestamp())));
        for (Event event : events) {
            out.append("event ").append(event.getType()).append(' ').append(event.getReason()).append(' ')
                    .append(event.getInvolvedObject().getKind()).append('/')
                    .append(event.getInvolvedObject().getName()).append(": ").append(event.getMessage()).append('\n');
        }
        return out.toString();
    }

    /** Phase, conditions, pod IP and every container's state, for failure messages. */
    public static String summary(Pod pod) {
        return PodStates.summary(pod);
    }

    /** Exit code of the first container, if it terminated. */
    public static Integer exitCode(Pod pod) {
        if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(s -> s.getState() != null && s.getState().getTerminated() != null)
                .map(s -> s.getState().getTerminated().getExitCode())
                .findFirst().orElse(null);
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (cause: " + cause + ")";
    }

    private static String safely(Diagnostics diagnostics) {
        try {
            return diagnostics.describe();
        } catch (Exception e) {
            return "<diagnostics failed: " + e + ">";
        }
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String randomSuffix() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /** A condition polled by {@link #waitFor}. */
    @FunctionalInterface
    public interface Check {
        boolean holds() throws Exception;
    }

    /** Builds the text attached to a timeout failure. */
    @FunctionalInterface
    public interface Diagnostics {
        String describe() throws Exception;
    }
}
