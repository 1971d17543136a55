package dev.berth.engine.k8s.session;

import dev.berth.engine.files.FileStore;
import dev.berth.engine.files.Tree;
import dev.berth.engine.k8s.EngineConfig;
import dev.berth.engine.k8s.EngineException;
import dev.berth.engine.k8s.ExecException;
import dev.berth.engine.k8s.ExecOutput;
import dev.berth.engine.k8s.ExecResult;
import dev.berth.engine.k8s.ServiceException;
import dev.berth.engine.k8s.reconciler.ImagePulls;
import dev.berth.engine.k8s.reconciler.PodStates;
import dev.berth.engine.k8s.render.InstanceSpecs;
import dev.berth.engine.k8s.render.PodRenderer;
import dev.berth.engine.k8s.runner.RunnerLog;
import dev.berth.engine.k8s.runner.RunnerPlans;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.Exec;
import dev.berth.engine.model.ServiceBinding;
import dev.berth.engine.model.Step;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a container's exec chain in one pod and reads the results from its log.
 *
 * <p>With bindings: the bound instances are created first (the pod's hostAliases need their
 * addresses), then the pod is created behind a scheduling gate (it already counts as their user),
 * then the services are awaited in parallel, then the gate is lifted. While the execs run, the
 * bound services' pods are watched: one that ends fails the exec at once. An image that cannot be
 * pulled fails the exec once the pull deadline has passed (the kubelet retries until then).
 */
public final class ExecRunner {

    /** "exec-" + 40 base32 characters (200 bits of the digest): an RFC 1123 label. */
    static final int DIGEST_CHARS = 40;
    /** A service collected and re-created between address lookup and start changes its address. */
    static final int ADDRESS_ATTEMPTS = 3;
    /** The runner's exit code on an exec pod, recorded when its report arrives. */
    public static final String EXIT_CODE_ANNOTATION = "berth.dev/exit-code";

    private final KubernetesClient client;
    private final String namespace;
    private final EngineConfig config;
    private final Waits waits;
    private final ServiceInstances services;
    private final FailedRuns failedRuns;
    /** Null: results come from the pod status and log only (Pipelines, engines without the endpoint). */
    private final ExecReports reports;
    private final PodFiles files;

    /**
     * What a failed exec pod is to a later run of the same chain.
     *
     * <ul>
     *   <li>{@code RUN_AGAIN}: as in Dagger, failures are not memoized; the pod is deleted.</li>
     *   <li>{@code KEEP}: the failed pod stays and a later run reports its result again. Pipelines
     *       use this: an operator that stops between a step failing and the status recording it
     *       must not run the step a second time.</li>
     * </ul>
     */
    public enum FailedRuns { RUN_AGAIN, KEEP }

    public ExecRunner(KubernetesClient client, String namespace, EngineConfig config, Waits waits,
            ServiceInstances services, FailedRuns failedRuns, ExecReports reports, FileStore files) {
        this.files = new PodFiles(client, namespace, files, config.execTimeout());
        this.failedRuns = failedRuns;
        this.reports = reports;
        this.client = client;
        this.namespace = namespace;
        this.config = config;
        this.waits = waits;
        this.services = services;
    }

    /** Named by the container's digest: the same chain in the same session is the same pod. */
    public static String podName(Container container) {
        return "exec-" + container.digest().base32().substring(0, DIGEST_CHARS);
    }

    public ExecResult run(Container container) {
        if (container.execs().isEmpty()) {
            return new ExecResult(List.of());
        }
        RunnerPlans.forSteps(container); // rejects what cannot run before anything is created
        String name = podName(container);
        Pod existing = pod(name);
        if (existing != null && existing.getMetadata().getDeletionTimestamp() == null && gated(existing)) {
            // Only the process that created an exec pod lifts its scheduling gate, once its services
            // are up, and a session runs one chain once at a time (Session.exec, a Pipeline's one
            // step): a gated pod found here was left by an operator that stopped in between (a
            // restart, a failover). Its exec never ran: start over.
            deleteAndWait(name);
            existing = null;
        }
        if (existing != null) {
            boolean reusable = existing.getMetadata().getDeletionTimestamp() == null
                    && (failedRuns == FailedRuns.KEEP || !"Failed".equals(PodStates.phase(existing)));
            if (reusable) {
                return collect(container, name, awaitFinished(container, name, null));
            }
            deleteAndWait(name); // failures are not memoized: run again
        }
        try (ExecReports.Expected report = reports == null ? null : reports.expect(namespace, name)) {
            if (report != null) {
                report.events().thenRun(waits::wake);
            }
            createStarted(container, name, report, false);
            deliverFiles(container, name);
            return collect(container, name, awaitFinished(container, name, report));
        }
    }

    /** "read-" + 40 base32 characters of the digest of the container and the path read. */
    static String readPodName(Container container, String path) {
        byte[] digest = dev.berth.engine.files.Blobs.sha256().digest((container.digest().hex() + "\0" + path)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return "read-" + dev.berth.engine.model.Base32.encode(digest).substring(0, DIGEST_CHARS);
    }

    /**
     * Runs the container's steps in a pod that holds once they are done, reads {@code path} from
     * it into the file store, and deletes it. A failed step fails the read as it fails an exec.
     */
    public Tree capture(Container container, String path, boolean directory) {
        RunnerPlans.forSteps(container); // rejects what cannot run before anything is created
        String name = readPodName(container, path);
        if (pod(name) != null) {
            deleteAndWait(name); // left by an earlier read that stopped half-way: start over
        }
        try {
            createStarted(container, name, null, true);
            deliverFiles(container, name);
            if (!awaitRunning(container, name)) {
                return failedRead(container, name, path);
            }
            Optional<Tree> tree = files.read(name, path, directory);
            return tree.isPresent() ? tree.get() : failedRead(container, name, path);
        } finally {
            deleteQuietly(name);
        }
    }

    /** The steps of a read pod failed: its log says how, reported as an exec's failure is. */
    private Tree failedRead(Container container, String name, String path) {
        Pod pod = pod(name);
        RunnerLog log = RunnerLog.parse(client.pods().inNamespace(namespace).withName(name)
                .inContainer(PodRenderer.MAIN_CONTAINER).getLog());
        Optional<RunnerLog.Failure> failure = log.failure();
        if (failure.isPresent()) {
            throw failed(container.steps(), log, failure.get());
        }
        throw new EngineException("pod " + name + " ended before " + path + " could be read: "
                + PodStates.summary(pod) + "\nlog:\n" + log.readable());
    }

    /** Once the pod runs, streams it the files its copy steps place (its runner waits for them). */
    private void deliverFiles(Container container, String name) {
        if (container.copies().isEmpty()) {
            return;
        }
        if (awaitRunning(container, name)) {
            files.deliver(name, container);
        }
    }

    /** True once the main container runs; false if the pod finished first (its log says why). */
    private boolean awaitRunning(Container container, String name) {
        return waits.until(config.execTimeout(), "pod " + name + " to start", () -> {
            Pod pod = pod(name);
            if (pod == null) {
                throw new EngineException("pod " + name + " was deleted while starting");
            }
            if (PodStates.finished(pod)) {
                return Optional.of(false);
            }
            if (PodStates.running(pod, PodRenderer.MAIN_CONTAINER)) {
                return Optional.of(true);
            }
            failIfStuck(name, pod);
            return Optional.empty();
        }, () -> "pod " + name + ": " + PodStates.summary(pod(name)));
    }

    private void createStarted(Container container, String name, ExecReports.Expected report, boolean hold) {
        List<ServiceBinding> bindings = container.serviceBindings();
        for (int attempt = 1; ; attempt++) {
            Map<String, String> addresses = services.addressesOf(bindings);
            var spec = InstanceSpecs.forExecs(container, config, addresses);
            if (hold) {
                spec.getRunner().getPlan().setHold(RunnerPlans.HOLD_STATUS);
            }
            Pod pod = PodRenderer.execPod(namespace, name, spec);
            if (report != null) {
                PodRenderer.reportTo(pod, report.target());
            }
            client.resource(pod).create();
            if (bindings.isEmpty()) {
                return;
            }
            Map<String, String> ready;
            try {
                ready = services.startAll(bindings);
            } catch (RuntimeException e) {
                deleteNow(name);
                throw e;
            }
            if (ready.equals(addresses)) {
                client.pods().inNamespace(namespace).withName(name).edit(p -> {
                    p.getSpec().setSchedulingGates(new ArrayList<>());
                    return p;
                });
                return;
            }
            deleteAndWait(name);
            if (attempt == ADDRESS_ATTEMPTS) {
                throw new EngineException("bound services kept changing address while starting: " + ready);
            }
        }
    }

    /** How an exec pod ended: its runner's report (no pod status yet), or the finished pod and its log. */
    private record Finished(Pod pod, RunnerLog log) {
    }

    private Finished awaitFinished(Container container, String name, ExecReports.Expected report) {
        return waits.until(config.execTimeout(), "exec pod " + name + " to finish", () -> {
            Optional<RunnerLog> reported = reported(report);
            if (reported.isPresent()) {
                recordExitCode(name, reported.get().done() ? 0 : 1);
                return Optional.of(new Finished(null, reported.get()));
            }
            Pod pod = pod(name);
            if (pod == null) {
                throw new EngineException("exec pod " + name + " was deleted while running");
            }
            if (PodStates.finished(pod)) {
                return Optional.of(new Finished(pod, RunnerLog.parse(client.pods().inNamespace(namespace)
                        .withName(name).inContainer(PodRenderer.MAIN_CONTAINER).getLog())));
            }
            failIfStuck(name, pod);
            checkBoundServicesAlive(container, name, pod);
            return Optional.empty();
        }, () -> "pod " + name + ": " + PodStates.summary(pod(name)));
    }

    /** A pod that can never run (unschedulable, a bad image past the pull deadline) fails at once. */
    private void failIfStuck(String name, Pod pod) {
        Optional<String> hopeless = PodStates.hopelessWait(pod);
        if (hopeless.isPresent()) {
            deleteNow(name);
            throw new EngineException("exec pod " + name + " cannot run: " + hopeless.get());
        }
        Optional<ImagePulls.Stall> stall = ImagePulls.stall(pod, config.imagePullDeadline(), Instant.now());
        if (stall.isPresent() && stall.get().overdue()) {
            deleteNow(name);
            throw new EngineException("exec pod " + name + " cannot run: " + stall.get().failure());
        }
    }

    private static boolean gated(Pod pod) {
        return pod.getSpec().getSchedulingGates() != null && !pod.getSpec().getSchedulingGates().isEmpty();
    }

    /** Dagger fails a client whose service went away; without this it would hang or time out. */
    private void checkBoundServicesAlive(Container container, String name, Pod client) {
        if (client.getSpec().getSchedulingGates() != null && !client.getSpec().getSchedulingGates().isEmpty()) {
            return; // created by a concurrent run of the same chain that is still starting services
        }
        for (ServiceBinding binding : container.serviceBindings()) {
            String hostname = binding.service().hostname();
            Pod service = pod(hostname);
            Optional<Integer> exit = PodStates.exitCode(service, PodRenderer.MAIN_CONTAINER);
            if (service == null || service.getMetadata().getDeletionTimestamp() != null || exit.isPresent()) {
                deleteNow(name);
                String how = exit.map(c -> "exited with exit code: " + c).orElse("was stopped");
                throw new ServiceException("service \"" + hostname + "\" (bound as \"" + binding.alias() + "\") "
                        + how + " while the exec was running", hostname, exit.orElse(null), services.output(hostname));
            }
        }
    }

    /**
     * Puts the runner's exit code (0 once done, 1 after a failed step, as it exits) on the pod at
     * once, for whoever watches it ({@code berth}'s progress, kubectl): the container status says
     * the same a kubelet round later. Best effort: the result is already in hand.
     */
    private void recordExitCode(String name, int code) {
        try {
            client.pods().inNamespace(namespace).withName(name).patch(
                    io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                            io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                    "{\"metadata\":{\"annotations\":{\"" + EXIT_CODE_ANNOTATION + "\":\"" + code + "\"}}}");
        } catch (KubernetesClientException e) {
            // the pod is gone or the API busy: progress shows the end when the kubelet reports it
        }
    }

    /** A report counts once it says how the chain ended; anything less waits for the pod. */
    private static Optional<RunnerLog> reported(ExecReports.Expected report) {
        if (report == null || !report.events().isDone()) {
            return Optional.empty();
        }
        RunnerLog log = RunnerLog.parse(report.events().join());
        return log.done() || log.failure().isPresent() ? Optional.of(log) : Optional.empty();
    }

    private ExecResult collect(Container container, String name, Finished finished) {
        RunnerLog parsed = finished.log();
        Pod pod = finished.pod();
        List<Step> steps = container.steps();
        Optional<RunnerLog.Failure> failure = parsed.failure();
        if (failure.isPresent()) {
            forgetFailure(name);
            throw failed(steps, parsed, failure.get());
        }
        // A report's "done" is the runner's last word; a pod must also have exited cleanly.
        if (!parsed.done() || (pod != null && !"Succeeded".equals(PodStates.phase(pod)))) {
            forgetFailure(name);
            throw new EngineException("exec pod " + name + " ended without finishing its steps: "
                    + PodStates.summary(pod) + "\nlog:\n" + parsed.readable());
        }
        List<ExecOutput> outputs = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof Exec exec) {
                RunnerLog.StepOutput out = parsed.step(i).orElseThrow(() ->
                        new EngineException("exec pod " + name + ": no output recorded for " + exec.args()));
                outputs.add(new ExecOutput(exec.args(), out.exitCode().orElse(-1), out.stdout(), out.stderr(),
                        out.combined()));
            }
        }
        return new ExecResult(outputs);
    }

    private static EngineException failed(List<Step> steps, RunnerLog parsed, RunnerLog.Failure failure) {
        Step step = failure.index() < steps.size() ? steps.get(failure.index()) : null;
        if (step instanceof Exec exec && failure.exitCode().isPresent()) {
            RunnerLog.StepOutput out = parsed.step(failure.index()).orElse(
                    new RunnerLog.StepOutput(failure.index(), "", "", failure.exitCode()));
            return new ExecException(exec.args(), failure.exitCode().get(), out.stdout(), out.stderr());
        }
        String what = step instanceof Exec exec ? "process \"" + String.join(" ", exec.args()) + "\""
                : "step " + failure.index();
        return new EngineException(what + " could not run: " + failure.reason());
    }

    private Pod pod(String name) {
        return client.pods().inNamespace(namespace).withName(name).get();
    }

    private void deleteNow(String name) {
        client.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
    }

    private void forgetFailure(String name) {
        if (failedRuns == FailedRuns.RUN_AGAIN) {
            deleteQuietly(name);
        }
    }

    private void deleteQuietly(String name) {
        try {
            deleteNow(name);
        } catch (KubernetesClientException e) {
            // Only memoization suffers: the next run of this chain deletes it first.
        }
    }

    private void deleteAndWait(String name) {
        deleteNow(name);
        waits.until(config.deleteTimeout(), "pod " + name + " to be deleted",
                () -> pod(name) == null ? Optional.of(true) : Optional.empty(), () -> "");
    }
}
