package dev.berth.e2e;

import static dev.berth.e2e.E2eCluster.POD_READY_TIMEOUT;
import static dev.berth.e2e.E2eCluster.PULL_POLICY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The images the seeds name behave like their namesakes in the cluster: a Redis server accepts a
 * remote {@code redis-cli -h}, and the MariaDB image creates the root password, user and database
 * given by MARIADB_* and answers {@code mysql --host=db} from another pod.
 */
class SeedImagesIT {

    private static final String REDIS_IMAGE = "docker.io/library/redis:latest";
    private static final String MARIADB_IMAGE = "docker.io/library/mariadb:10.11.2";

    private static E2eCluster cluster;
    private static String namespace;

    @BeforeAll
    static void connect() {
        cluster = E2eCluster.connect();
        namespace = cluster.createNamespace("berth-e2e-images");
    }

    @AfterAll
    static void cleanUp() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void redisAcceptsARemoteClient() {
        startServer("redis-srv", REDIS_IMAGE, 6379, List.of());
        String log = runClient("redis-cli", REDIS_IMAGE, List.of("bash", "-c",
                untilReachable("redis-srv", 6379) + "redis-cli -h redis-srv set foo abc && redis-cli -h redis-srv get foo"));
        assertEquals(List.of("OK", "abc"), log.strip().lines().toList(), "redis-cli output");
    }

    @Test
    void mariadbHonoursItsEnvironmentAndAnswersRemoteClients() {
        startServer("db", MARIADB_IMAGE, 3306, List.of(
                new EnvVar("MARIADB_USER", "user", null),
                new EnvVar("MARIADB_PASSWORD", "password", null),
                new EnvVar("MARIADB_DATABASE", "drupal", null),
                new EnvVar("MARIADB_ROOT_PASSWORD", "secret", null)));
        String rootView = runClient("mysql-root", MARIADB_IMAGE, List.of("bash", "-c", untilReachable("db", 3306)
                + "exec /usr/bin/mysql --user=root --password=secret --host=db -e 'SELECT Host, User FROM mysql.user'"));
        assertTrue(rootView.contains("root") && rootView.contains("user"),
                () -> "root should see both accounts:\n" + rootView);

        String userView = runClient("mysql-user", MARIADB_IMAGE, List.of("/usr/bin/mysql",
                "--user=user", "--password=password", "--host=db", "drupal", "-e",
                "CREATE TABLE t (v INT); INSERT INTO t VALUES (42); SELECT v FROM t"));
        assertTrue(userView.contains("42"), () -> "the user should own database drupal:\n" + userView);
    }

    /**
     * Bash (for /dev/tcp; both images are Debian-based) that waits (up to a minute) until HOST:PORT accepts a connection: a Service's
     * endpoints reach kube-proxy a moment after the pod is Ready, and until then the port refuses.
     */
    private static String untilReachable(String host, int port) {
        return "i=0; until (exec 3<>/dev/tcp/" + host + "/" + port + ") 2>/dev/null; do i=$((i+1));"
                + " [ $i -ge 60 ] && echo '" + host + ":" + port + " never became reachable' >&2 && exit 1; sleep 1; done; ";
    }

    /** A server pod behind a Service of the same name, Ready once its port accepts connections. */
    private static void startServer(String name, String image, int port, List<EnvVar> env) {
        Map<String, String> labels = Map.of("app", name);
        cluster.client().pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec()
                .withTerminationGracePeriodSeconds(1L)
                .addNewContainer()
                .withName("server").withImage(image).withImagePullPolicy(PULL_POLICY).withEnv(env)
                .addNewPort().withContainerPort(port).endPort()
                .withNewReadinessProbe().withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket()
                .withPeriodSeconds(1).endReadinessProbe()
                .endContainer()
                .endSpec()
                .build()).create();
        cluster.createService(namespace, name, labels, port);
        cluster.waitForPodReady(namespace, name, POD_READY_TIMEOUT);
    }

    /** Runs a client pod to completion and returns its log; fails with the log if it failed. */
    private static String runClient(String name, String image, List<String> command) {
        cluster.client().pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewContainer()
                .withName("client").withImage(image).withImagePullPolicy(PULL_POLICY).withCommand(command)
                .endContainer()
                .endSpec()
                .build()).create();
        String phase = cluster.waitForCompletion(namespace, name);
        String log = cluster.logs(namespace, name);
        assertEquals("Succeeded", phase, () -> name + " failed; log:\n" + log + "\n"
                + cluster.describeNamespace(namespace));
        return log;
    }
}
