package dev.berth.e2e.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code berth call} on the Java modules of examples/java (the seeds' functions, ported from the
 * seeds' code by their imports), against the real cluster through a locally run operator, as a
 * user types them. Independent calls start together in {@link #start()} (each its own session and
 * JVM) and the tests wait for their own; set then get run in order.
 */
class CallIT {

    static final Path EXAMPLES = BerthApiProcess.ROOT.resolve("examples/java");
    static final Duration TIMEOUT = Duration.ofMinutes(8);
    static final Pattern EXPOSED = Pattern.compile("exposed on 127\\.0\\.0\\.1:(\\d+) -> 8080");
    /** The seed's address for a database on the host; the test's own MariaDB listens there. */
    static final int HOST_MARIADB_PORT = 3306;

    private static BerthApiProcess api;
    private static Path cache;
    /** The seed's `up` with a port mapping and with --random, started with the other calls. */
    private static Background upPorts;
    private static int upPortsPort;
    private static Background upRandom;
    private static final Map<String, CompletableFuture<CommandRun>> calls = new ConcurrentHashMap<>();
    /**
     * Its own threads (the common pool has one on a 2-core machine), three at a time: with the two
     * `up`s, that is five berth JVMs beside the operator. All seven at once starved each other of
     * CPU on 2 cores (a CI run saw one JVM's event loop blocked for 6 s, and its call fail).
     */
    private static final java.util.concurrent.ExecutorService CALLS = java.util.concurrent.Executors.newFixedThreadPool(3);

    @BeforeAll
    static void start() throws Exception {
        api = BerthApiProcess.start();
        cache = Files.createTempDirectory("berth-call-cache");
        startHostMariaDb();
        upPortsPort = Integer.parseInt(SdkIT.freePort());
        upPorts = background("up-ports", "seed-services", "http-service", "up", "--ports", upPortsPort + ":8080");
        upRandom = background("up-random", "seed-services", "http-service", "up", "--random");
        calls.put("get", callAsync("get", "http-service", "get"));
        calls.put("user-list", callAsync("user-list", "user-list", "user-list",
                "--svc=tcp://localhost:" + HOST_MARIADB_PORT));
        calls.put("redis-service", callAsync("redis-service", "redis-service", "redis-service"));
        calls.put("mariadb-test", callAsync("mariadb-test", "mariadb-test", "test"));
        calls.put("describe", callAsync("describe", "seed-services", "http-service"));
        calls.put("endpoint", callAsync("endpoint", "seed-services", "http-service", "endpoint", "--scheme", "http"));
        calls.put("set-get", CompletableFuture.supplyAsync(() -> {
            CommandRun set = call("set", "redis-cache", "set", "--key=foo", "--value=123");
            set.assertExit(0);
            return call("get-key", "redis-cache", "get", "--key=foo");
        }, CALLS));
    }

    @AfterAll
    static void stop() throws Exception {
        CompletableFuture.allOf(calls.values().toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        CALLS.shutdown();
        for (Background up : new Background[] {upPorts, upRandom}) {
            if (up != null) {
                up.interrupt();
            }
        }
        if (api != null) {
            api.close();
        }
        exec("bash", "e2e/host-mariadb.sh", "stop");
    }

    @Test
    void getPrintsTheSeedServicesResponseWithProgress() throws Exception {
        CommandRun run = calls.get("get").get();
        run.assertExit(0);
        assertEquals("Hello, world!", run.stdout().strip(), run.describe());
        assertTrue(run.stderr().contains("exec alpine: wget -O- http://www:8080"), "progress names the exec\n" + run.describe());
        assertTrue(run.stderr().matches("(?s).*service b[a-z2-7]+ healthy after \\d+\\.\\ds.*"),
                "progress reports the health check\n" + run.describe());
        assertTrue(run.stderr().matches("(?s).*exec alpine done in \\d+\\.\\ds.*"), run.describe());
        run.assertNamespaceDeleted(api);
    }

    @Test
    void userListReachesAMariaDbOnThisMachineGivenAsTcpAddress() throws Exception {
        CommandRun run = calls.get("user-list").get();
        run.assertExit(0);
        assertTrue(run.stdout().contains("Host") && run.stdout().contains("User") && run.stdout().contains("root"),
                "mysql lists the host server's users\n" + run.describe());
    }

    @Test
    void setThenGetInANewSessionReadsTheValueFromTheCacheVolume() throws Exception {
        CommandRun get = calls.get("set-get").get();
        get.assertExit(0);
        assertEquals("123", get.stdout().strip(), get.describe());
    }

    @Test
    void redisServiceStartsUsesAndStopsRedis() throws Exception {
        CommandRun run = calls.get("redis-service").get();
        run.assertExit(0);
        assertEquals("OK\nabc", run.stdout().strip(), run.describe());
    }

    @Test
    void mariadbTestRunsTheApplicationTestsAgainstABoundDatabase() throws Exception {
        CommandRun run = calls.get("mariadb-test").get();
        run.assertExit(0);
        assertTrue(run.stdout().contains("OK, but incomplete, skipped, or risky tests!"), run.describe());
        assertTrue(run.stdout().contains("Tests: 9, Assertions: 9, Skipped: 1."), run.describe());
    }

    @Test
    void httpServiceUpServesOnTheGivenPortUntilStopped() throws Exception {
        Background up = upPorts;
        try {
            assertEquals("Hello world!", fetchWhenUp(upPortsPort, up), up.describe());
        } finally {
            up.interrupt();
        }
        assertTrue(up.exited(), "berth call ends on SIGTERM (Ctrl-C)\n" + up.describe());
        up.run().assertNamespaceDeleted(api);
    }

    @Test
    void httpServiceUpRandomPrintsThePortItChose() throws Exception {
        Background up = upRandom;
        try {
            int port = up.awaitExposedPort();
            assertEquals("Hello world!", fetchWhenUp(port, up), up.describe());
        } finally {
            up.interrupt();
        }
    }

    @Test
    void aServiceWithNothingChainedIsDescribedAndEndpointIsChained() throws Exception {
        CommandRun describe = calls.get("describe").get();
        describe.assertExit(0);
        assertTrue(describe.stdout().strip().matches("Service b[a-z2-7]+ \\(ports: 8080/tcp\\); chain one of: up, "
                + "endpoint, hostname, start, stop"), describe.describe());
        CommandRun endpoint = calls.get("endpoint").get();
        endpoint.assertExit(0);
        assertTrue(endpoint.stdout().strip().matches("http://b[a-z2-7]+:8080"), endpoint.describe());
    }

    @Test
    void badInputGetsOneLineWithoutOpeningASession() throws Exception {
        CommandRun unknown = call("unknown", "redis-cache", "gett");
        unknown.assertExit(2);
        assertEquals("berth: unknown function 'gett'; MyModule has: redis, set, get", unknown.stderr().strip(),
                unknown.describe());
        CommandRun badFlag = call("bad-svc", "user-list", "user-list", "--svc=localhost:3306");
        badFlag.assertExit(2);
        assertTrue(badFlag.stderr().strip().startsWith("berth: --svc: \"localhost:3306\" is not a service address"),
                badFlag.describe());
        assertFalse(badFlag.stderr().contains("session"), "no session for bad input\n" + badFlag.describe());
        CommandRun missing = call("missing", "redis-cache", "set", "--key=foo");
        missing.assertExit(2);
        assertEquals("berth: set needs --value (String): the cache value to set", missing.stderr().strip(),
                missing.describe());
    }

    @Test
    void functionsListsFunctionsFlagsAndJavadoc() throws Exception {
        // no session, no cluster: only the module
        Process p = new ProcessBuilder("java", "-jar", BerthApiProcess.CLI_JAR.toString(), "functions", "-m",
                EXAMPLES.resolve("redis-cache").toString())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("set    Set key and value in the Redis service."), out);
        assertTrue(out.contains("--key String  the cache key to set"), out);
    }

    // ---- plumbing ----------------------------------------------------------------------------------

    private static CompletableFuture<CommandRun> callAsync(String name, String module, String... args) {
        return CompletableFuture.supplyAsync(() -> call(name, module, args), CALLS);
    }

    private static CommandRun call(String name, String module, String... args) {
        try {
            Path out = BerthApiProcess.LOGS.resolve("call-" + name + ".out");
            Path err = BerthApiProcess.LOGS.resolve("call-" + name + ".err");
            Instant started = Instant.now();
            Process process = builder(module, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroy();
                process.waitFor(60, TimeUnit.SECONDS);
                throw new AssertionError(name + ": berth call did not finish within " + TIMEOUT + "\n"
                        + Files.readString(err));
            }
            CommandRun run = new CommandRun(name, process.exitValue(), Files.readString(out), Files.readString(err));
            System.out.printf("[call-e2e] %s: exit %d in %d s%n", name, run.exitCode(),
                    Duration.between(started, Instant.now()).toSeconds());
            return run;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ProcessBuilder builder(String module, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("-m", EXAMPLES.resolve(module).toString()));
        argv.addAll(List.of(args));
        ProcessBuilder builder = api.berth("call", argv)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        // each test run compiles the modules afresh (and concurrent calls share the cache safely)
        builder.environment().put("BERTH_CACHE_DIR", cache.toString());
        return builder;
    }

    private static Background background(String name, String module, String... args) throws IOException {
        Path out = BerthApiProcess.LOGS.resolve("call-" + name + ".out");
        Path err = BerthApiProcess.LOGS.resolve("call-" + name + ".err");
        Process process = builder(module, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Background(name, process, out, err);
    }

    private static String fetchWhenUp(int port, Background up) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (true) {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline) || !up.process.isAlive()) {
                    throw new AssertionError("127.0.0.1:" + port + " did not answer: " + e + "\n" + up.describe());
                }
                Thread.sleep(250);
            }
        }
    }

    private record Background(String name, Process process, Path out, Path err) {

        int awaitExposedPort() throws Exception {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
            while (Instant.now().isBefore(deadline) && process.isAlive()) {
                Matcher m = EXPOSED.matcher(Files.readString(err));
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
                Thread.sleep(250);
            }
            throw new AssertionError("berth call did not say where it exposed the service\n" + describe());
        }

        /** SIGTERM, as Ctrl-C ends it: berth call closes the session on the way out. */
        void interrupt() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }

        boolean exited() {
            return !process.isAlive();
        }

        CommandRun run() throws IOException {
            return new CommandRun(name, process.isAlive() ? -1 : process.exitValue(), Files.readString(out),
                    Files.readString(err));
        }

        String describe() {
            try {
                return run().describe();
            } catch (IOException e) {
                return name + ": " + e;
            }
        }
    }

    /** Debian's MariaDB on this machine's 127.0.0.1:3306 (e2e/host-mariadb.sh with its own state). */
    private static void startHostMariaDb() throws Exception {
        ProcessBuilder start = new ProcessBuilder("bash", "e2e/host-mariadb.sh", "start")
                .directory(BerthApiProcess.ROOT.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        start.environment().putAll(hostMariaDbEnvironment());
        Process p = start.start();
        String port = new String(p.getInputStream().readAllBytes()).strip();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0 || !port.equals(Integer.toString(HOST_MARIADB_PORT))) {
            throw new IllegalStateException("e2e/host-mariadb.sh start on " + HOST_MARIADB_PORT + " failed: " + port);
        }
    }

    private static Map<String, String> hostMariaDbEnvironment() {
        return Map.of("BERTH_HOST_MARIADB_PORT", Integer.toString(HOST_MARIADB_PORT),
                "BERTH_HOST_MARIADB_STATE", "/var/lib/berth-host-mariadb-" + HOST_MARIADB_PORT);
    }

    private static void exec(String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(BerthApiProcess.ROOT.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .inheritIO();
        builder.environment().putAll(hostMariaDbEnvironment());
        builder.start().waitFor(5, TimeUnit.MINUTES);
    }
}
