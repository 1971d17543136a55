package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.engine.k8s.EngineException;
import dev.berth.engine.k8s.ExecResult;
import dev.berth.engine.k8s.KubernetesEngine;
import dev.berth.engine.k8s.ServiceException;
import dev.berth.engine.k8s.Session;
import dev.berth.engine.k8s.reconciler.ImagePulls;
import dev.berth.engine.k8s.session.ExecRunner;
import dev.berth.engine.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A failed image pull is retried (pods pull IfNotPresent, and the kubelet backs off and tries
 * again) until the pull deadline, then the exec or service fails naming the image.
 *
 * <p>Nothing may be pulled here, so the images live at a registry on the loopback address where
 * nothing listens: every pull fails at once with a connection refused, no traffic leaves the
 * machine. The tests' deadline is {@link BerthTestOperator#IMAGE_PULL_DEADLINE}.
 */
class ImagePullIT extends EngineTestBase {

    private static final String NOWHERE = "127.0.0.1:9/berth-e2e/";
    private static final Duration DEADLINE = BerthTestOperator.IMAGE_PULL_DEADLINE;
    /** Well above the deadline: scheduling, a kubelet sync and a poll may each add a few seconds. */
    private static final Duration SLACK = Duration.ofSeconds(45);

    @Test
    void anExecWhoseImageCannotBePulledFailsAfterTheDeadlineNamingTheImage() {
        String image = NOWHERE + "nosuch:1";
        Session session = openSession();
        Instant started = Instant.now();
        EngineException e = assertThrows(EngineException.class,
                () -> session.exec(Container.from(image).withExec(List.of("true"))));
        Duration took = Duration.between(started, Instant.now());

        assertTrue(e.getMessage().contains("image \"" + image + "\" could not be pulled within "
                + DEADLINE.toSeconds() + "s: "), e.getMessage());
        assertTrue(e.getMessage().contains("ErrImagePull") || e.getMessage().contains("ImagePullBackOff"),
                e.getMessage());
        assertTrue(took.compareTo(DEADLINE) >= 0, () -> "failed after " + took.toMillis()
                + " ms, before the " + DEADLINE.toSeconds() + " s deadline: " + e.getMessage());
        assertTrue(took.compareTo(DEADLINE.plus(SLACK)) < 0, () -> "failed only after " + took.toSeconds() + " s");
    }

    @Test
    void aServiceWhoseImageCannotBePulledFailsAfterTheDeadlineNamingTheImage() {
        String image = NOWHERE + "nosuch-service:1";
        Session session = openSession();
        Instant started = Instant.now();
        ServiceException e = assertThrows(ServiceException.class,
                () -> session.start(Container.from(image).withExposedPort(8080).asService()));
        Duration took = Duration.between(started, Instant.now());

        assertTrue(e.getMessage().contains("could not start: image \"" + image + "\" could not be pulled within "
                + DEADLINE.toSeconds() + "s: "), e.getMessage());
        assertFalse(e.getMessage().contains("log unavailable"), () -> "a pod that never ran has no log to report: "
                + e.getMessage());
        assertTrue(took.compareTo(DEADLINE) >= 0, () -> "failed after " + took.toMillis()
                + " ms, before the " + DEADLINE.toSeconds() + " s deadline: " + e.getMessage());
        assertTrue(took.compareTo(DEADLINE.plus(SLACK)) < 0, () -> "failed only after " + took.toSeconds() + " s");
    }

    /**
     * The transient case for real: the pull fails, then the image appears on the node (as a
     * registry that comes back would deliver it), and the kubelet's next try runs the exec. Needs
     * the local cluster's containerd (skipped elsewhere).
     */
    @Test
    void anImageThatAppearsWhileThePullIsRetriedRunsTheExec() throws Exception {
        Assumptions.assumeTrue(ctr("images", "ls", "-q").exitCode() == 0,
                "needs the local cluster's containerd (e2e/cluster/ctr.sh)");
        String image = NOWHERE + "late-" + Long.toString(System.nanoTime(), 36).toLowerCase(Locale.ROOT) + ":1";
        // The kubelet retries a failed pull after 10 s, then 20 s ...: allow a few of those.
        KubernetesEngine engine = new KubernetesEngine(client(),
                BerthTestOperator.config().withImagePullDeadline(Duration.ofSeconds(90)));
        Container container = Container.from(image).withExec(List.of("echo", "pulled late"));
        try (Session session = engine.openSession()) {
            CompletableFuture<ExecResult> exec = CompletableFuture.supplyAsync(() -> session.exec(container));
            String podName = ExecRunner.podName(container);
            E2eCluster.waitFor(Duration.ofSeconds(60), "the exec pod's pull of " + image + " to fail",
                    () -> exec.isDone() || pullFailed(client().pods().inNamespace(session.namespace())
                            .withName(podName).get()),
                    () -> berth.cluster().describeNamespace(session.namespace()));
            assertTrue(!exec.isDone(), () -> "the exec ended while its image was missing: " + outcome(exec));

            Result tagged = ctr("images", "tag", E2eCluster.ALPINE_IMAGE, image);
            assertEquals(0, tagged.exitCode(), () -> "ctr images tag failed: " + tagged.output());
            try {
                ExecResult result = exec.get(2, TimeUnit.MINUTES);
                assertEquals("pulled late", result.stdout().strip());
            } finally {
                ctr("images", "rm", image);
            }
        }
    }

    private static boolean pullFailed(Pod pod) {
        return pod != null && pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null
                && pod.getStatus().getContainerStatuses().stream().map(ContainerStatus::getState)
                        .anyMatch(s -> s != null && s.getWaiting() != null
                                && ImagePulls.RETRIED_PULL_REASONS.contains(s.getWaiting().getReason()));
    }

    private static String outcome(CompletableFuture<ExecResult> exec) {
        try {
            return "stdout " + exec.join().stdout();
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    private record Result(int exitCode, String output) {
    }

    /** Runs e2e/cluster/ctr.sh (the tests run in e2e/). */
    private static Result ctr(String... args) throws IOException, InterruptedException {
        Path script = Path.of("cluster", "ctr.sh").toAbsolutePath();
        if (!Files.isExecutable(script)) {
            return new Result(127, "no " + script);
        }
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return new Result(124, output);
        }
        return new Result(process.exitValue(), output);
    }
}
