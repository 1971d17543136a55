package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.engine.k8s.crd.Conditions;
import dev.berth.engine.k8s.render.Labels;
import dev.berth.engine.model.CacheVolume;
import dev.berth.operator.pipeline.CacheSpec;
import dev.berth.operator.pipeline.Pipeline;
import dev.berth.operator.pipeline.PipelinePhase;
import dev.berth.operator.pipeline.PipelineSessions;
import dev.berth.operator.pipeline.PipelineSpec;
import dev.berth.operator.pipeline.PipelineStatus;
import dev.berth.operator.pipeline.StepPhase;
import dev.berth.operator.pipeline.StepSpec;
import dev.berth.operator.pipeline.StepStatus;
import io.fabric8.kubernetes.api.model.Condition;
import dev.berth.engine.k8s.crd.SessionOrigin;
import dev.berth.engine.k8s.crd.SessionResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Pipelines end to end: the example manifests applied with kubectl, run by the Pipeline
 * reconciler (and the ServiceInstance reconciler) in this JVM against the real cluster.
 */
class PipelineIT {

    static final Path EXAMPLES = Path.of("examples", "pipelines");
    /** Generous: the first start of an image on a loaded 2-core machine can take minutes. */
    static final Duration FINISH_TIMEOUT = Duration.ofMinutes(8);

    private static PipelineTestOperator berth;
    private static String namespace;
    private Instant started;
    private String testName;
    private CacheVolume cacheToRemove;

    @BeforeAll
    static void startOperator() {
        berth = PipelineTestOperator.get();
        namespace = berth.cluster().createNamespace("berth-e2e-pipelines");
    }

    /** Pipelines carry a finalizer: delete them while the operator still runs, sessions included. */
    @AfterAll
    static void deletePipelines() {
        if (berth == null || Boolean.parseBoolean(System.getenv("BERTH_E2E_KEEP_NAMESPACES"))) {
            return;
        }
        client().resources(Pipeline.class).inNamespace(namespace).delete();
        E2eCluster.waitFor(Duration.ofMinutes(4), "pipelines in " + namespace + " to be deleted",
                () -> client().resources(Pipeline.class).inNamespace(namespace).list().getItems().isEmpty(),
                () -> "");
    }

    @BeforeEach
    void clock(TestInfo info) {
        started = Instant.now();
        testName = info.getDisplayName();
    }

    @AfterEach
    void report() throws IOException {
        System.out.printf("[e2e] %s: %d s%n", testName, Duration.between(started, Instant.now()).toSeconds());
        if (cacheToRemove != null) {
            EngineTestBase.deleteCacheDirectory(cacheToRemove);
        }
    }

    @Test
    void httpServiceAndClient() {
        apply("http-service.yaml");
        Pipeline done = awaitFinal("http-service", 1);
        PipelineStatus status = done.getStatus();
        assertEquals(PipelinePhase.Succeeded, status.getPhase(), () -> describe(done));
        StepStatus get = status.getSteps().get(0);
        assertEquals("Hello, world!", get.getStdout());
        assertEquals(0, get.getExitCode());
        assertEquals(StepPhase.Succeeded, get.getPhase());
        assertNotNull(get.getStartedAt());
        assertNotNull(get.getFinishedAt());
        assertEquals(1, status.getStepsDone());
        assertEquals("1/1", status.getProgress());
        assertCondition(done, Conditions.READY, "True");
        assertCondition(done, Conditions.SUCCEEDED, "True");
        assertCondition(done, Conditions.FAILED, "False");
        String session = status.getSession();
        assertEquals(PipelineSessions.namespace(done.getMetadata().getUid(), 1), session);
        Namespace sessionNamespace = client().namespaces().withName(session).get();
        assertEquals(done.getMetadata().getUid(),
                sessionNamespace.getMetadata().getLabels().get(PipelineSessions.PIPELINE_UID_LABEL));
        // The session is a Session of origin Pipeline that owns its namespace, as API sessions are.
        String sessionId = session.substring("berth-".length());
        SessionResource record = client().resources(SessionResource.class).withName(sessionId).get();
        assertEquals(SessionOrigin.Pipeline, record.getSpec().getOrigin());
        assertEquals(namespace + "/http-service", record.getSpec().getPipeline());
        assertEquals(record.getMetadata().getUid(), sessionNamespace.getMetadata().getOwnerReferences().get(0).getUid());
        Kubectl.Result sessions = Kubectl.run("get", "sessions", sessionId);
        assertTrue(sessions.stdout().matches("(?s)NAME\\s+AGE\\s+ORIGIN.*" + sessionId + "\\s+\\S+\\s+Pipeline.*"),
                sessions.stdout() + sessions.stderr());

        Kubectl.Result table = Kubectl.run("get", "pipelines", "-n", namespace, "http-service");
        // The CRD generator orders columns by JSON path, so AGE (.metadata) comes before .status ones.
        assertTrue(table.stdout().matches("(?s)NAME\\s+AGE\\s+PHASE\\s+STEPS\\s+http-service\\s+\\S+\\s+Succeeded\\s+1/1\\s+"),
                table.stdout() + table.stderr());

        // Applied again unchanged: same generation, nothing runs, the status is not even rewritten.
        Kubectl.Result again = Kubectl.run("apply", "-n", namespace, "-f", EXAMPLES.resolve("http-service.yaml").toString());
        assertTrue(again.stdout().contains("unchanged"), again.stdout() + again.stderr());
        E2eCluster.sleep(Duration.ofSeconds(5));
        Pipeline after = pipeline("http-service");
        assertEquals(done.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion());

        // A changed spec runs again from the start, in a fresh session; the old one goes.
        Kubectl.Result patched = Kubectl.run("patch", "pipeline", "http-service", "-n", namespace, "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/steps/0/exec\",\"value\":"
                        + "[\"sh\",\"-c\",\"wget -q -O- http://www:8080 && echo && echo again\"]}]");
        assertEquals(0, patched.exitCode(), patched.stderr());
        Pipeline rerun = awaitFinal("http-service", 2);
        assertEquals(PipelinePhase.Succeeded, rerun.getStatus().getPhase(), () -> describe(rerun));
        assertEquals("Hello, world!\nagain\n", rerun.getStatus().getSteps().get(0).getStdout());
        assertNotEquals(session, rerun.getStatus().getSession());
        awaitNamespaceGone(session);

        // Deleting the pipeline deletes its session (kubectl waits for the finalizer).
        Kubectl.Result deleted = Kubectl.run("delete", "pipeline", "http-service", "-n", namespace, "--timeout=4m");
        assertEquals(0, deleted.exitCode(), deleted.stderr());
        awaitNamespaceGone(rerun.getStatus().getSession());
    }

    @Test
    void failingStepRecordsExitCodeAndStderr() {
        apply("failing-step.yaml");
        Pipeline done = awaitFinal("failing-step", 1);
        PipelineStatus status = done.getStatus();
        assertEquals(PipelinePhase.Failed, status.getPhase(), () -> describe(done));
        StepStatus expected = status.getSteps().get(0);
        assertEquals(StepPhase.Succeeded, expected.getPhase(), "expect: FAILURE accepts exit code 1");
        assertEquals(1, expected.getExitCode());
        StepStatus check = status.getSteps().get(1);
        assertEquals(StepPhase.Failed, check.getPhase());
        assertEquals(3, check.getExitCode());
        assertEquals("computing\n", check.getStdout());
        assertEquals("boom: the answer was not 42\n", check.getStderr());
        assertEquals(StepPhase.Skipped, status.getSteps().get(2).getPhase());
        assertEquals(1, status.getStepsDone());
        assertCondition(done, Conditions.FAILED, "True");
        assertEquals("StepFailed", Conditions.find(status.getConditions(), Conditions.FAILED).getReason());
        assertCondition(done, Conditions.READY, "False");
        E2eCluster.waitFor(Duration.ofSeconds(30), "a Warning event StepFailed on the pipeline",
                () -> client().v1().events().inNamespace(namespace).list().getItems().stream()
                        .anyMatch(e -> "failing-step".equals(e.getInvolvedObject().getName())
                                && "Warning".equals(e.getType()) && "StepFailed".equals(e.getReason())
                                && e.getMessage().contains("exit code: 3")),
                () -> "");
    }

    @Test
    void redisWithCacheVolume() {
        apply("redis-cache.yaml");
        Pipeline done = awaitFinal("redis-cache", 1);
        assertEquals(PipelinePhase.Succeeded, done.getStatus().getPhase(), () -> describe(done));
        assertEquals("OK\nOK\n", done.getStatus().getSteps().get(0).getStdout());
        assertEquals("123\n", done.getStatus().getSteps().get(1).getStdout());
    }

    @Test
    void mariadbServiceWithApplicationTests() {
        apply("mariadb-app-tests.yaml");
        Pipeline done = awaitFinal("mariadb-app-tests", 1);
        assertEquals(PipelinePhase.Succeeded, done.getStatus().getPhase(), () -> describe(done));
        String stdout = done.getStatus().getSteps().get(0).getStdout();
        assertTrue(stdout.contains("........S 9 / 9 (100%)"), stdout);
        assertTrue(stdout.contains("OK, but incomplete, skipped, or risky tests!\nTests: 9, Assertions: 9, Skipped: 1."),
                stdout);
    }

    /**
     * The operator is replaced while a step runs: the new one finds the session, attaches to the
     * step's exec pod and records its result. The step counts its runs in a cache volume, so a
     * second run would show.
     */
    @Test
    void operatorRestartMidStepNeitherLosesNorRepeatsTheStep() {
        createCountingRuns("restart", "echo run >> /runs/log; sleep 20; wc -l < /runs/log",
                step("after", "echo done"));
        E2eCluster.waitFor(Duration.ofMinutes(5), "the first step's exec pod to run",
                () -> execPodPhase("restart").equals("Running"), () -> describe(pipeline("restart")));
        assertEquals(StepPhase.Running, pipeline("restart").getStatus().getSteps().get(0).getPhase());

        berth.restart();

        Pipeline done = awaitFinal("restart", 1);
        assertEquals(PipelinePhase.Succeeded, done.getStatus().getPhase(), () -> describe(done));
        assertEquals("1", done.getStatus().getSteps().get(0).getStdout().trim(), "the step ran exactly once");
        assertEquals("done\n", done.getStatus().getSteps().get(1).getStdout());
        List<Pod> execPods = client().pods().inNamespace(done.getStatus().getSession())
                .withLabel(Labels.ROLE, Labels.ROLE_EXEC).list().getItems();
        assertEquals(2, execPods.size(), "one exec pod per step");
    }

    /**
     * The operator is down when a step fails (between the failure and its status write): its
     * replacement reports that failure and does not run the step again, which would repeat its
     * side effects. The step counts its runs in a cache volume.
     */
    @Test
    void stepFailingWhileTheOperatorIsDownIsReportedNotRunAgain() {
        createCountingRuns("fails-unattended", "echo run >> /runs/log; sleep 5; wc -l < /runs/log >&2; exit 3");
        E2eCluster.waitFor(Duration.ofMinutes(5), "the step's exec pod to run",
                () -> execPodPhase("fails-unattended").equals("Running"), () -> describe(pipeline("fails-unattended")));
        berth.restartAfter(() -> E2eCluster.waitFor(Duration.ofMinutes(2), "the step to fail, unattended",
                () -> execPodPhase("fails-unattended").equals("Failed"), () -> describe(pipeline("fails-unattended"))));

        Pipeline done = awaitFinal("fails-unattended", 1);
        assertEquals(PipelinePhase.Failed, done.getStatus().getPhase(), () -> describe(done));
        StepStatus step = done.getStatus().getSteps().get(0);
        assertEquals(3, step.getExitCode(), () -> describe(done));
        assertEquals("1", step.getStderr().trim(), "the failed step was not run a second time");
    }

    /**
     * Creates a Pipeline whose first step runs {@code script} with a fresh cache volume at /runs,
     * where it counts its runs (a second run would show), followed by {@code more} steps.
     */
    private void createCountingRuns(String name, String script, StepSpec... more) {
        cacheToRemove = CacheVolume.of("berth-e2e-" + name + "-" + UUID.randomUUID());
        StepSpec counting = step("count", script);
        counting.getCaches().add(new CacheSpec("/runs", cacheToRemove.key()));
        PipelineSpec spec = new PipelineSpec();
        spec.getSteps().add(counting);
        spec.getSteps().addAll(List.of(more));
        Pipeline pipeline = new Pipeline();
        pipeline.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        pipeline.setSpec(spec);
        client().resource(pipeline).create();
    }

    /** The phase of the first exec pod in the Pipeline's session, or "" while there is none. */
    private static String execPodPhase(String name) {
        Pipeline p = pipeline(name);
        if (p == null || p.getStatus() == null || p.getStatus().getSession() == null) {
            return "";
        }
        return client().pods().inNamespace(p.getStatus().getSession()).withLabel(Labels.ROLE, Labels.ROLE_EXEC)
                .list().getItems().stream().map(pod -> pod.getStatus().getPhase()).findFirst().orElse("");
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static StepSpec step(String name, String script) {
        StepSpec step = new StepSpec();
        step.setName(name);
        step.setImage("alpine");
        step.setExec(List.of("sh", "-c", script));
        return step;
    }

    private static void apply(String example) {
        Kubectl.Result result = Kubectl.run("apply", "-n", namespace, "-f", EXAMPLES.resolve(example).toString());
        assertEquals(0, result.exitCode(), result.stderr());
    }

    private static Pipeline awaitFinal(String name, long generation) {
        E2eCluster.waitFor(FINISH_TIMEOUT, "pipeline " + name + " (generation " + generation + ") to finish", () -> {
            Pipeline p = pipeline(name);
            return p != null && p.getStatus() != null && p.getStatus().getPhase() != null
                    && p.getStatus().getPhase().isFinal()
                    && Long.valueOf(generation).equals(p.getStatus().getObservedGeneration());
        }, () -> describe(pipeline(name)));
        return pipeline(name);
    }

    /** The session's namespace and its Session resource. */
    private static void awaitNamespaceGone(String name) {
        String sessionId = name.substring("berth-".length());
        E2eCluster.waitFor(Duration.ofMinutes(4), "session namespace " + name + " and its Session to be deleted",
                () -> client().namespaces().withName(name).get() == null
                        && client().resources(SessionResource.class).withName(sessionId).get() == null, () -> "");
    }

    private static Pipeline pipeline(String name) {
        return client().resources(Pipeline.class).inNamespace(namespace).withName(name).get();
    }

    private static void assertCondition(Pipeline p, String type, String status) {
        Condition c = Conditions.find(p.getStatus().getConditions(), type);
        assertNotNull(c, type);
        assertEquals(status, c.getStatus(), () -> type + ": " + c);
        assertEquals(p.getMetadata().getGeneration(), c.getObservedGeneration());
    }

    private static String describe(Pipeline p) {
        if (p == null) {
            return "<no pipeline>";
        }
        StringBuilder out = new StringBuilder("pipeline ").append(p.getMetadata().getName()).append(" status: ")
                .append(io.fabric8.kubernetes.client.utils.Serialization.asYaml(p.getStatus()));
        if (p.getStatus() != null && p.getStatus().getSession() != null) {
            out.append('\n').append(berth.cluster().describeNamespace(p.getStatus().getSession()));
        }
        return out.toString();
    }

    private static KubernetesClient client() {
        return berth.client();
    }
}
