package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The Pipeline CRD alone (no operator): every bad-input example is rejected by {@code kubectl
 * apply} with the message its {@code # expect:} comment names, and every good example passes the
 * API server's validation.
 */
class PipelineCrdIT {

    static final Path EXAMPLES = Path.of("examples", "pipelines");
    static final String EXPECT = "# expect: ";

    private static E2eCluster cluster;
    private static String namespace;

    @BeforeAll
    static void installCrd() {
        cluster = E2eCluster.connect();
        Crds.installPipelines(cluster.client());
        namespace = cluster.createNamespace("berth-e2e-pipeline-crd");
    }

    @AfterAll
    static void cleanUp() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> invalidExamplesAreRejectedByKubectlApply() throws IOException {
        List<Path> files = yamlFiles(EXAMPLES.resolve("invalid"));
        assertTrue(files.size() >= 10, "bad-input examples: " + files);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            List<String> expected = Files.readAllLines(file).stream().filter(l -> l.startsWith(EXPECT))
                    .map(l -> l.substring(EXPECT.length()).trim()).toList();
            assertFalse(expected.isEmpty(), file + " has no '" + EXPECT + "' line");
            Kubectl.Result result = Kubectl.run("apply", "-n", namespace, "-f", file.toString());
            assertNotEquals(0, result.exitCode(), "kubectl apply accepted " + file + ": " + result.stdout());
            for (String message : expected) {
                assertTrue(result.stderr().contains(message),
                        () -> file + ": expected\n  " + message + "\nin\n  " + result.stderr());
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> validExamplesPassValidation() throws IOException {
        return yamlFiles(EXAMPLES).stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            Kubectl.Result result = Kubectl.run("apply", "--dry-run=server", "-n", namespace, "-f", file.toString());
            assertEquals(0, result.exitCode(), () -> file + ": " + result.stderr());
        }));
    }

    static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
