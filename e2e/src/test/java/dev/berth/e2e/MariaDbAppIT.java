package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.engine.k8s.ExecResult;
import dev.berth.engine.k8s.Session;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.ReturnType;
import dev.berth.engine.model.Service;
import dev.berth.operator.pipeline.Pipeline;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The seed's "MariaDB database service for application tests" through the engine API: a MariaDB
 * service bound as {@code db}, and an application test suite run against it. The suite is the
 * one of the mariadb-app-tests example Pipeline (an offline stand-in for Drupal's kernel tests),
 * read from that manifest so both run the same script.
 */
class MariaDbAppIT extends EngineTestBase {

    private static final String MARIADB = "mariadb:10.11.2";

    private static Service mariadb() {
        return Container.from(MARIADB)
                .withEnvVariable("MARIADB_USER", "user")
                .withEnvVariable("MARIADB_PASSWORD", "password")
                .withEnvVariable("MARIADB_DATABASE", "drupal")
                .withEnvVariable("MARIADB_ROOT_PASSWORD", "root")
                .withExposedPort(3306)
                .asService();
    }

    private static Container app(String simpletestDb) throws IOException {
        return Container.from(MARIADB)
                .withServiceBinding("db", mariadb())
                .withEnvVariable("SIMPLETEST_DB", simpletestDb)
                .withWorkdir("/opt/app")
                .withNewFile("run-tests.sh", exampleTestSuite(), 0755)
                .withExec(List.of("./run-tests.sh", "--group", "KernelTests"), false, ReturnType.ANY);
    }

    private static String exampleTestSuite() throws IOException {
        try (InputStream in = Files.newInputStream(PipelineIT.EXAMPLES.resolve("mariadb-app-tests.yaml"))) {
            Pipeline pipeline = Serialization.unmarshal(in, Pipeline.class);
            return pipeline.getSpec().getSteps().get(0).getFiles().get(0).getContents();
        }
    }

    @Test
    void applicationTestSuitePassesAgainstTheBoundDatabase() throws IOException {
        ExecResult result = openSession().exec(app("mysql://user:password@db/drupal"));
        assertEquals(0, result.exitCode(), result.stdout() + result.stderr());
        assertTrue(result.stdout().contains("Database: mysql://user:***@db/drupal"), result.stdout());
        assertTrue(result.stdout().contains("Tests: 9, Assertions: 9, Skipped: 1."), result.stdout());
    }

    /**
     * The suite really checks the database: connected as root, the application is no longer
     * confined to its own schema, and exactly that test fails, with the suite's report.
     */
    @Test
    void aBrokenExpectationFailsTheSuiteWithItsReport() throws IOException {
        Session session = openSession();
        ExecResult result = session.exec(app("mysql://root:root@db/drupal"));
        assertNotEquals(0, result.exitCode(), result.stdout());
        assertTrue(result.stdout().contains("1) testApplicationUserIsConfined"), result.stdout());
        assertTrue(result.stdout().contains("FAILURES!\nTests: 9, Assertions: 7, Failures: 1, Skipped: 1."),
                result.stdout());
    }
}
