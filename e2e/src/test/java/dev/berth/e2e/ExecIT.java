package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** exec keeps stdout, stderr and the exit code apart, as Berth's withExec results need. */
class ExecIT {

    private static E2eCluster cluster;
    private static String namespace;

    @BeforeAll
    static void startSleeper() {
        cluster = E2eCluster.connect();
        namespace = cluster.createNamespace("berth-e2e-exec");
        cluster.createSleeper(namespace, "sleeper");
    }

    @AfterAll
    static void cleanUp() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void execSeparatesStdoutStderrAndExitCode() throws Exception {
        cluster.waitForPodReady(namespace, "sleeper", E2eCluster.POD_READY_TIMEOUT);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        Integer exitCode;
        try (ExecWatch watch = cluster.client().pods().inNamespace(namespace).withName("sleeper")
                .writingOutput(stdout)
                .writingError(stderr)
                .exec("sh", "-c", "echo out; echo err >&2; exit 3")) {
            exitCode = watch.exitCode().get(2, TimeUnit.MINUTES);
            // Output frames precede the status frame, but are copied asynchronously: let them land.
            E2eCluster.waitFor(Duration.ofSeconds(10), "stdout and stderr of the exec",
                    () -> !text(stdout).isEmpty() && !text(stderr).isEmpty(),
                    () -> "stdout=[" + text(stdout) + "] stderr=[" + text(stderr) + "]");
        }

        assertEquals(3, exitCode, "exit code of the exec");
        assertEquals("out", text(stdout).trim(), "stdout of the exec");
        assertEquals("err", text(stderr).trim(), "stderr of the exec");
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
