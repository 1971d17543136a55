package dev.berth.engine.k8s.session;

import dev.berth.engine.files.Bundle;
import dev.berth.engine.files.FileStore;
import dev.berth.engine.files.FilesException;
import dev.berth.engine.files.Tree;
import dev.berth.engine.files.TreeTransfer;
import dev.berth.engine.k8s.EngineException;
import dev.berth.engine.k8s.render.PodRenderer;
import dev.berth.engine.k8s.runner.RunnerPlans;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.CopyIn;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Files into and out of a running pod, through pod execs of its runner (docs/files.md): the
 * engine streams a container's copies to {@code berth-runner receive} and reads a path back
 * from {@code berth-runner send}. Works wherever the engine can reach the API server.
 */
final class PodFiles {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PodFiles.class);

    /** {@code send}'s exit codes (runner/main.go). */
    static final int STEPS_FAILED = 3;
    static final int NO_SUCH_PATH = 4;

    private final KubernetesClient client;
    private final String namespace;
    private final FileStore store;
    private final Duration timeout;

    PodFiles(KubernetesClient client, String namespace, FileStore store, Duration timeout) {
        this.client = client;
        this.namespace = namespace;
        this.store = store;
        this.timeout = timeout;
    }

    /** Sends the container's copies, each staged under its index, to the pod's runner. */
    void deliver(String pod, Container container) {
        long started = System.nanoTime();
        List<CopyIn> copies = container.copies();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        try (ExecWatch watch = client.pods().inNamespace(namespace).withName(pod)
                .inContainer(PodRenderer.MAIN_CONTAINER).redirectingInput(1024 * 1024).writingError(errors)
                .exec(PodRenderer.RUNNER_BIN, "receive", RunnerPlans.RECEIVE_DIR)) {
            OutputStream stdin = new BufferedOutputStream(watch.getInput(), 256 * 1024);
            Bundle.Writer out = new Bundle.Writer(stdin);
            for (int i = 0; i < copies.size(); i++) {
                CopyIn copy = copies.get(i);
                if (copy.isDirectory()) {
                    TreeTransfer.write(store, store.tree(copy.tree()), RunnerPlans.stagedPrefix(i),
                            copy.permissions(), out);
                } else {
                    out.directory(RunnerPlans.stagedPrefix(i), Tree.DEFAULT_DIRECTORY_MODE);
                    TreeTransfer.writeFile(store, copy.file(), RunnerPlans.stagedFile(i), copy.permissions(), out);
                }
            }
            out.end();
            stdin.flush();
            int code = exitCode(watch, "delivering files to pod " + pod);
            if (code != 0) {
                throw new EngineException("delivering files to pod " + pod + " failed (exit code " + code + "): "
                        + errors.toString(StandardCharsets.UTF_8).strip());
            }
            LOG.info("Delivered {} copies to pod {}/{} in {} ms", copies.size(), namespace, pod,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | KubernetesClientException e) {
            throw new EngineException("delivering files to pod " + pod + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The tree at {@code path} once the pod's steps are done. Empty when they failed (the pod's
     * log says how).
     */
    java.util.Optional<Tree> read(String pod, String path, boolean directory) {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        try (ExecWatch watch = client.pods().inNamespace(namespace).withName(pod)
                .inContainer(PodRenderer.MAIN_CONTAINER).redirectingOutput().writingError(errors)
                .exec(PodRenderer.RUNNER_BIN, "send", RunnerPlans.HOLD_STATUS, path,
                        directory ? "directory" : "file")) {
            Tree tree = null;
            FilesException unreadable = null;
            try (InputStream stdout = watch.getOutput()) {
                tree = TreeTransfer.read(store, new Bundle.Reader(stdout));
            } catch (FilesException e) {
                unreadable = e; // the runner said why on stderr, or the stream broke
            }
            int code = exitCode(watch, "reading " + path + " from pod " + pod);
            String why = errors.toString(StandardCharsets.UTF_8).strip();
            if (code == STEPS_FAILED) {
                return java.util.Optional.empty();
            }
            if (code == NO_SUCH_PATH) {
                throw new FilesException(why.isEmpty() ? "no such file or directory: " + path : why);
            }
            if (code != 0 || unreadable != null) {
                throw new EngineException("reading " + path + " from pod " + pod + " failed (exit code " + code
                        + "): " + (why.isEmpty() && unreadable != null ? unreadable.getMessage() : why));
            }
            return java.util.Optional.of(tree);
        } catch (IOException | KubernetesClientException e) {
            throw new EngineException("reading " + path + " from pod " + pod + " failed: " + e.getMessage(), e);
        }
    }

    private int exitCode(ExecWatch watch, String what) {
        try {
            Integer code = watch.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return code == null ? -1 : code;
        } catch (ExecutionException | TimeoutException e) {
            throw new EngineException(what + ": no exit code within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(what + ": interrupted", e);
        }
    }
}
