package dev.berth.e2e.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dagger's own SDKs (npm {@code @dagger.io/dagger} 0.21.9, PyPI {@code dagger-io} 0.21.11) drive
 * the Berth operator, each script run under {@code berth run} exactly as a user would: the
 * operator runs locally against the real cluster, the scripts are e2e/sdk/ts and e2e/sdk/python.
 * Berth's own Java SDK (module sdk) runs the same seeds from dev.berth.e2e.sdk.JavaSeeds.
 */
class SdkIT {

    static final Path SDK = BerthApiProcess.ROOT.resolve("e2e/sdk");
    static final Path TS = SDK.resolve("ts");
    static final Path PY = SDK.resolve("python");
    static final Path GO = SDK.resolve("go");
    /** The Go seeds, built once before the tests (a session should not wait for a compiler). */
    static final Path GO_BIN = BerthApiProcess.ROOT.resolve("e2e/target/sdk-go/seeds");
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(8);

    private static BerthApiProcess api;

    @BeforeAll
    static void start() throws Exception {
        installSdks();
        api = BerthApiProcess.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
        stopHostMariaDb();
    }

    // ---- the seed's HTTP service ------------------------------------------------------------

    @Test
    void typescriptSdkFetchesTheSeedHttpService() throws Exception {
        CommandRun run = berthRun("ts-http", "node", TS.resolve("seeds.mjs").toString(), "http");
        run.assertExit(0);
        assertEquals("Hello, world!", run.stdout().strip(), run.describe());
        run.assertNamespaceDeleted(api);
    }

    @Test
    void pythonSdkFetchesTheSeedHttpService() throws Exception {
        CommandRun run = berthRun("py-http", python(), PY.resolve("seeds.py").toString(), "http");
        run.assertExit(0);
        assertEquals("Hello, world!", run.stdout().strip(), run.describe());
        run.assertNamespaceDeleted(api);
    }

    @Test
    void goSdkFetchesTheSeedHttpService() throws Exception {
        CommandRun run = berthRun("go-http", GO_BIN.toString(), "http");
        run.assertExit(0);
        assertEquals("Hello, world!", run.stdout().strip(), run.describe());
        run.assertNamespaceDeleted(api);
    }

    @Test
    void javaSdkFetchesTheSeedHttpService() throws Exception {
        CommandRun run = berthRun("java-http", javaSeeds("http"));
        run.assertExit(0);
        // The seed's Java httpService writes "Hello world!" (its other languages: "Hello, world!").
        assertEquals("Hello world!", run.stdout().strip(), run.describe());
        run.assertNamespaceDeleted(api);
    }

    // ---- asService() without args: Dagger's rule for the client's declared version ----------

    @Test
    void asServiceFollowsTheRuleOfTheDeclaredDaggerVersion() throws Exception {
        CommandRun current = berthRun("ts-as-service-rule", "node", TS.resolve("seeds.mjs").toString(),
                "as-service-rule");
        current.assertExit(0);
        JsonNode seen = new ObjectMapper().readTree(current.stdout().strip());
        assertEquals("built by a step", seen.path("page").asText(), current.describe());
        assertTrue(seen.path("refused").asText().contains("since Dagger v0.15"), current.describe());

        CommandRun older = berthRun("ts-legacy-http", Map.of("BERTH_DAGGER_VERSION", "v0.14.0"), "node",
                TS.resolve("seeds.mjs").toString(), "legacy-http");
        older.assertExit(0);
        assertEquals("Hello, world!", older.stdout().strip(), older.describe());
        older.assertNamespaceDeleted(api);
    }

    // ---- exec failures through the SDKs' exception types -------------------------------------

    @Test
    void typescriptSdkRaisesExecErrorWithExitCodeAndStderr() throws Exception {
        CommandRun run = berthRun("ts-exec-error", "node", TS.resolve("seeds.mjs").toString(), "exec-error");
        run.assertExit(0);
        assertExecError(run);
    }

    @Test
    void pythonSdkRaisesExecErrorWithExitCodeAndStderr() throws Exception {
        CommandRun run = berthRun("py-exec-error", python(), PY.resolve("seeds.py").toString(), "exec-error");
        run.assertExit(0);
        assertExecError(run);
        // The script first calls Container.publish, which Berth declares but does not serve.
        JsonNode notSupported = new ObjectMapper().readTree(run.stdout().strip()).path("notSupported");
        assertEquals("NOT_SUPPORTED", notSupported.path("code").asText(), run.describe());
        assertTrue(notSupported.path("message").asText().contains("Container.publish is not supported by Berth"),
                run.describe());
    }

    @Test
    void goSdkReturnsExecErrorWithExitCodeAndStderr() throws Exception {
        CommandRun run = berthRun("go-exec-error", GO_BIN.toString(), "exec-error");
        run.assertExit(0);
        assertExecError(run);
    }

    @Test
    void javaSdkThrowsDaggerExecExceptionWithExitCodeAndOutput() throws Exception {
        CommandRun run = berthRun("java-exec-error", javaSeeds("exec-error"));
        run.assertExit(0);
        assertExecError(run, "DaggerExecException");
    }

    private static void assertExecError(CommandRun run) throws IOException {
        assertExecError(run, "ExecError");
    }

    private static void assertExecError(CommandRun run, String exceptionName) throws IOException {
        JsonNode caught = new ObjectMapper().readTree(run.stdout().strip());
        assertEquals(exceptionName, caught.path("caught").asText(), run.describe());
        assertEquals(3, caught.path("exitCode").asInt(), run.describe());
        assertEquals("to-stderr", caught.path("stderr").asText().strip(), run.describe());
        assertEquals("to-stdout", caught.path("stdout").asText().strip(), run.describe());
        assertEquals("sh", caught.path("cmd").path(0).asText(), run.describe());
    }

    // ---- Redis set/get chained in one container -------------------------------------------------

    @Test
    void typescriptSdkChainsRedisSetAndGet() throws Exception {
        CommandRun run = berthRun("ts-redis", "node", TS.resolve("seeds.mjs").toString(), "redis");
        run.assertExit(0);
        assertEquals("berth-value", run.stdout().strip(), run.describe());
    }

    @Test
    void pythonSdkChainsRedisSetAndGet() throws Exception {
        CommandRun run = berthRun("py-redis", python(), PY.resolve("seeds.py").toString(), "redis");
        run.assertExit(0);
        assertEquals("berth-value", run.stdout().strip(), run.describe());
    }

    // ---- Redis started explicitly, used by two execs, stopped ------------------------------------

    @Test
    void typescriptSdkStartsRedisUsesItTwiceAndStopsIt() throws Exception {
        CommandRun run = berthRun("ts-redis-start-stop", "node", TS.resolve("seeds.mjs").toString(), "redis-start-stop");
        run.assertExit(0);
        assertEquals("{\"set\":\"OK\",\"get\":\"started-value\"}", run.stdout().strip(), run.describe());
    }

    @Test
    void pythonSdkStartsRedisUsesItTwiceAndStopsIt() throws Exception {
        CommandRun run = berthRun("py-redis-start-stop", python(), PY.resolve("seeds.py").toString(), "redis-start-stop");
        run.assertExit(0);
        assertEquals("{\"set\": \"OK\", \"get\": \"started-value\"}", run.stdout().strip(), run.describe());
    }

    @Test
    void goSdkStartsRedisUsesItTwiceAndStopsIt() throws Exception {
        CommandRun run = berthRun("go-redis-start-stop", GO_BIN.toString(), "redis-start-stop");
        run.assertExit(0);
        assertEquals("{\"get\":\"started-value\",\"set\":\"OK\"}", run.stdout().strip(), run.describe());
    }

    // ---- a cache volume outlives the session: two berth runs, one SDK each ---------------------------

    @Test
    void cacheVolumePersistsAcrossTwoBerthRuns() throws Exception {
        String value = "v" + Long.toHexString(System.nanoTime());
        CommandRun set = berthRun("ts-cache-set", "node", TS.resolve("seeds.mjs").toString(), "cache-set", value);
        set.assertExit(0);
        assertEquals("OK", set.stdout().strip().lines().reduce((a, b) -> b).orElse(""), set.describe());
        set.assertNamespaceDeleted(api);
        CommandRun get = berthRun("py-cache-get", python(), PY.resolve("seeds.py").toString(), "cache-get");
        get.assertExit(0);
        assertEquals(value, get.stdout().strip(), get.describe());
    }

    // ---- two concurrent sessions cannot reach each other's services ----------------------------------

    @Test
    void concurrentSessionsCannotReachEachOthersServices() throws Exception {
        Path until = BerthApiProcess.LOGS.resolve("isolation-done");
        Files.deleteIfExists(until);
        Path out = BerthApiProcess.LOGS.resolve("ts-isolation-serve.out");
        Path err = BerthApiProcess.LOGS.resolve("ts-isolation-serve.err");
        Process serving = api.berthRun(List.of("node", TS.resolve("seeds.mjs").toString(), "isolation-serve",
                        until.toString()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            String url = null;
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            while (url == null && Instant.now().isBefore(deadline) && serving.isAlive()) {
                url = Files.readString(out).lines().filter(l -> l.startsWith("READY ")).map(l -> l.substring(6))
                        .findFirst().orElse(null);
                Thread.sleep(500);
            }
            assertTrue(url != null, "the serving session never got ready:\n" + Files.readString(err));
            CommandRun probe = berthRun("py-isolation-probe", python(), PY.resolve("seeds.py").toString(), "isolation-probe", url);
            probe.assertExit(0);
            JsonNode result = new ObjectMapper().readTree(probe.stdout().strip());
            assertTrue(result.path("exitCode").asInt() != 0, "another session's service must be unreachable: " + probe.describe());
            assertTrue(!result.path("stdout").asText().contains("Hello, world!"), probe.describe());
        } finally {
            Files.writeString(until, "done");
            if (!serving.waitFor(3, TimeUnit.MINUTES)) {
                serving.destroy();
            }
        }
        assertEquals(0, serving.exitValue(), Files.readString(err));
    }

    // ---- secrets: setSecret, withSecretVariable, withMountedSecret, scrubbing ---------------------

    /** What the secrets scenario's exec prints: both checks passed, every echo of the value scrubbed. */
    static final String SECRETS_STDOUT = "env-ok\npw=***\n440\nfile-ok\n***\n";

    private static String newSecretValue() {
        return "berth-e2e-" + java.util.UUID.randomUUID().toString().replace("-", "");
    }

    private static void assertSecrets(String json, String value, CommandRun run) throws IOException {
        JsonNode result = new ObjectMapper().readTree(json);
        assertEquals(SECRETS_STDOUT, result.path("stdout").asText(), run.describe());
        assertEquals("err=***\n", result.path("stderr").asText(), run.describe());
        assertTrue(result.path("plaintextOk").asBoolean(), "Secret.plaintext answers the value\n" + run.describe());
        assertEquals("berth-e2e", result.path("name").asText(), run.describe());
        assertTrue(!run.stdout().contains(value) && !run.stderr().contains(value), "the value leaked\n" + run.describe());
    }

    @Test
    void pythonSdkPassesASecretAsVariableAndFileAndItsEchoIsScrubbed() throws Exception {
        String value = newSecretValue();
        CommandRun run = berthRun("py-secrets", Map.of("BERTH_TEST_SECRET", value), python(),
                PY.resolve("seeds.py").toString(), "secrets");
        run.assertExit(0);
        assertSecrets(run.stdout().strip(), value, run);
    }

    @Test
    void goSdkPassesASecretAsVariableAndFileAndItsEchoIsScrubbed() throws Exception {
        String value = newSecretValue();
        CommandRun run = berthRun("go-secrets", Map.of("BERTH_TEST_SECRET", value), GO_BIN.toString(), "secrets");
        run.assertExit(0);
        assertSecrets(run.stdout().strip(), value, run);
    }

    /**
     * The TypeScript run also starts a service with the secret in its env (which it prints: its log
     * shows it scrubbed), and holds its session
     * open while the live namespace (pods, ServiceInstances, events, Secrets) and the operator's
     * log are searched for the value: only the session's Kubernetes Secret may hold it.
     */
    @Test
    void typescriptSdkPassesSecretsToExecsAndServicesAndThePlaintextIsNowhereElse() throws Exception {
        String value = newSecretValue();
        Path until = BerthApiProcess.LOGS.resolve("secrets-done");
        Files.deleteIfExists(until);
        Path out = BerthApiProcess.LOGS.resolve("ts-secrets.out");
        Path err = BerthApiProcess.LOGS.resolve("ts-secrets.err");
        ProcessBuilder builder = api.berthRun(List.of("node", TS.resolve("seeds.mjs").toString(), "secrets",
                until.toString()));
        builder.environment().put("BERTH_TEST_SECRET", value);
        Process running = builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            String namespace = null;
            Instant deadline = Instant.now().plus(Duration.ofMinutes(6));
            while (namespace == null && Instant.now().isBefore(deadline) && running.isAlive()) {
                namespace = Files.readString(out).lines().filter(l -> l.startsWith("READY ")).map(l -> l.substring(6))
                        .findFirst().orElse(null);
                Thread.sleep(500);
            }
            CommandRun partial = new CommandRun("ts-secrets", -1, Files.readString(out), Files.readString(err));
            assertTrue(namespace != null, "the secrets session never got ready\n" + partial.describe());
            String json = partial.stdout().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
            assertSecrets(json, value, partial);
            assertEquals("token-ok", new ObjectMapper().readTree(json).path("service").asText(),
                    "the service saw the secret variable\n" + partial.describe());

            String live = kubectl("-n", namespace, "get", "pods,serviceinstances,events", "-o", "yaml");
            assertTrue(live.contains("secretKeyRef"), "pods get the secret by reference:\n" + live);
            assertTrue(!live.contains(value), "the value is in a pod spec, ServiceInstance or event of " + namespace);
            String logs = kubectl("-n", namespace, "logs", "--all-containers", "--prefix", "-l", "app.kubernetes.io/managed-by=berth");
            assertTrue(!logs.contains(value), "the value is in a pod log of " + namespace);
            assertTrue(logs.contains("service token is ***"), "the service's echo of it is in its log, scrubbed:\n" + logs);
            String secrets = kubectl("-n", namespace, "get", "secrets", "-l", "app.kubernetes.io/managed-by=berth", "-o", "name");
            assertTrue(secrets.contains("secret/berth-secret-"), "the session's Kubernetes Secret: " + secrets);
            String operatorLog = Files.readString(BerthApiProcess.LOGS.resolve("operator.log"));
            assertTrue(!operatorLog.contains(value), "the value is in the operator's log");
        } finally {
            Files.writeString(until, "done");
            if (!running.waitFor(3, TimeUnit.MINUTES)) {
                running.destroy();
            }
        }
        assertEquals(0, running.exitValue(), Files.readString(err));
    }

    private static String kubectl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("kubectl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("kubectl " + String.join(" ", args) + " failed:\n" + output);
        }
        return output;
    }

    // ---- exec options: withUser, stdin, redirects, combinedOutput, expand ----------------------

    @Test
    void typescriptSdkRunsExecsAsAUserWithStdinRedirectsAndCombinedOutput() throws Exception {
        CommandRun run = berthRun("ts-exec-options", "node", TS.resolve("seeds.mjs").toString(), "exec-options");
        run.assertExit(0);
        JsonNode result = new ObjectMapper().readTree(run.stdout().lines().filter(l -> l.startsWith("{"))
                .findFirst().orElseThrow(() -> new AssertionError("no result line\n" + run.describe())));
        assertEquals("nobody", result.path("user").asText(), "withUser(nobody) then id -un\n" + run.describe());
        assertEquals("nobody", result.path("userField").asText(), run.describe());
        assertEquals("65534:65534", result.path("ids").asText(), "withUser(uid:gid)\n" + run.describe());
        assertEquals("piped\nin", result.path("stdin").asText(), "stdin fed to cat\n" + run.describe());
        assertEquals("to-file\n", result.path("redirected").asText(), "the redirect file, read by the next exec\n"
                + run.describe());
        assertEquals("to-file\n", result.path("redirectedStdout").asText(), "Dagger v0.21.8 tees a redirect\n"
                + run.describe());
        assertEquals("one\ntwo\nthree\n", result.path("combined").asText(), "both streams in the order written\n"
                + run.describe());
        assertEquals("/opt/app/bin\n", result.path("expanded").asText(), run.describe());
        run.assertNamespaceDeleted(api);
    }

    // ---- host directories and files (docs/files.md), through each SDK ------------------------

    @Test
    void typescriptSdkCopiesAHostDirectoryInAndExportsAFileOut() throws Exception {
        Path dir = HostTrees.small(Files.createTempDirectory("berth-ts-files-"));
        Path export = dir.resolveSibling(dir.getFileName() + "-out").resolve("exported/copy.bin");
        CommandRun run = berthRun("ts-files", "node", TS.resolve("seeds.mjs").toString(), "files",
                dir.toString(), export.toString());
        assertFiles(dir, export, run);
        assertTrue(run.stdout().contains("\"served\":" + new ObjectMapper().writeValueAsString(HostTrees.HELLO)),
                "a service serves the host directory copied into it\n" + run.describe());
        JsonNode result = new ObjectMapper().readTree(run.stdout().lines().filter(l -> l.startsWith("{")).findFirst()
                .orElseThrow());
        byte[] original = Files.readAllBytes(dir.resolve("a.txt"));
        assertEquals(original.length, result.path("size").asInt(), run.describe());
        assertEquals("[\"a.txt\"]", result.path("composed").toString(), "withDirectory, withFile, withoutDirectory "
                + "on a Directory\n" + run.describe());
        Path exportedDir = Path.of(export + ".d");
        assertEquals(exportedDir.toAbsolutePath().toString(), result.path("exportedDir").asText(), run.describe());
        assertTrue(java.util.Arrays.equals(original, Files.readAllBytes(exportedDir.resolve("copy.bin")))
                && Files.readString(exportedDir.resolve("sum.txt")).equals(HostTrees.sha256Hex(original) + "\n"),
                "Directory.export wrote the directory the exec made\n" + run.describe());
    }

    @Test
    void pythonSdkCopiesAHostDirectoryInAndExportsAFileOut() throws Exception {
        Path dir = HostTrees.small(Files.createTempDirectory("berth-py-files-"));
        Path export = dir.resolveSibling(dir.getFileName() + "-out").resolve("exported/copy.bin");
        assertFiles(dir, export, berthRun("py-files", python(), PY.resolve("seeds.py").toString(), "files",
                dir.toString(), export.toString()));
    }

    @Test
    void goSdkCopiesAHostDirectoryInAndExportsAFileOut() throws Exception {
        Path dir = HostTrees.small(Files.createTempDirectory("berth-go-files-"));
        Path export = dir.resolveSibling(dir.getFileName() + "-out").resolve("exported/copy.bin");
        assertFiles(dir, export, berthRun("go-files", Map.of("BERTH_TEST_DIR", dir.toString(),
                "BERTH_TEST_EXPORT", export.toString()), GO_BIN.toString(), "files"));
    }

    /** What the files scenario must show: the tree arrived (minus skip/), its outputs came back intact. */
    private static void assertFiles(Path dir, Path export, CommandRun run) throws IOException {
        run.assertExit(0);
        JsonNode result = new ObjectMapper().readTree(run.stdout().lines().filter(l -> l.startsWith("{"))
                .findFirst().orElseThrow(() -> new AssertionError("no result line\n" + run.describe())));
        assertEquals(HostTrees.HELLO + "a.txt\nnested\n" + HostTrees.HELLO, result.path("stdout").asText(),
                "the exec sees the nested tree without the excluded folder, and the single file\n" + run.describe());
        byte[] original = Files.readAllBytes(dir.resolve("a.txt"));
        assertEquals(HostTrees.sha256Hex(original) + "\n", result.path("sum").asText(), run.describe());
        assertEquals("[\"copy.bin\",\"sum.txt\"]", result.path("entries").toString(), run.describe());
        assertEquals(export.toAbsolutePath().toString(), result.path("exported").asText(), run.describe());
        assertTrue(java.util.Arrays.equals(original, Files.readAllBytes(export)),
                "the exported file is byte-identical to the host's a.txt\n" + run.describe());
        assertEquals("made", result.path("made").asText(), run.describe());
    }

    /**
     * 10,000 files, 100 MiB: uploaded, checksummed inside a container; read a second time
     * unchanged, the engine already holds every file, so only the listing travels (the operator
     * logs how much each upload sent).
     */
    @Test
    void typescriptSdkUploadsALargeTreeOnceAndItArrivesIntact() throws Exception {
        Path dir = Files.createTempDirectory("berth-ts-bigtree-");
        String expected = HostTrees.large(dir, 100, 100, 10_486);
        long logStart = Files.size(BerthApiProcess.LOGS.resolve("operator.log"));
        CommandRun run = berthRun("ts-bigtree", "node", TS.resolve("seeds.mjs").toString(), "bigtree", dir.toString());
        run.assertExit(0);
        JsonNode result = new ObjectMapper().readTree(run.stdout().lines().filter(l -> l.startsWith("{"))
                .findFirst().orElseThrow(() -> new AssertionError("no result line\n" + run.describe())));
        assertEquals(expected, result.path("sum").asText(), "every file arrived intact\n" + run.describe());
        assertEquals(100, result.path("entries").asInt(), run.describe());
        String log;
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(
                BerthApiProcess.LOGS.resolve("operator.log").toFile(), "r")) {
            file.seek(logStart);
            byte[] rest = new byte[(int) (file.length() - logStart)];
            file.readFully(rest);
            log = new String(rest, java.nio.charset.StandardCharsets.UTF_8);
        }
        List<String> uploads = log.lines().filter(l -> l.contains("reading directory " + dir)).toList();
        assertEquals(2, uploads.size(), "two reads of the tree logged:\n" + String.join("\n", uploads));
        assertTrue(uploads.get(0).contains("10100 entries, 104860000 bytes; uploaded 10000 blobs, 104860000 bytes"),
                "the first read sends every file: " + uploads.get(0));
        assertTrue(uploads.get(1).endsWith("uploaded 0 blobs, 0 bytes"), "the second sends none: " + uploads.get(1));
    }

    // ---- host networking: the seed's up and host service, through each SDK ----------------------

    @Test
    void typescriptSdkUpExposesTheSeedServiceOnAHostPort() throws Exception {
        assertUp(berthRun("ts-up", Map.of(), "node", TS.resolve("seeds.mjs").toString(), "up", freePort()));
    }

    @Test
    void pythonSdkUpExposesTheSeedServiceOnAHostPort() throws Exception {
        assertUp(berthRun("py-up", Map.of(), python(), PY.resolve("seeds.py").toString(), "up", freePort()));
    }

    @Test
    void goSdkUpExposesTheSeedServiceOnAHostPort() throws Exception {
        assertUp(berthRun("go-up", Map.of("BERTH_TEST_PORT", freePort()), GO_BIN.toString(), "up"));
    }

    private static void assertUp(CommandRun run) throws IOException, InterruptedException {
        run.assertExit(0);
        assertEquals("Hello, world!", run.stdout().strip(), run.describe());
        assertTrue(run.stderr().matches("(?s).*berth: service b[a-z2-7]+ exposed on 127\\.0\\.0\\.1:\\d+ -> 8080.*"),
                "berth says where the service is exposed\n" + run.describe());
        run.assertNamespaceDeleted(api);
    }

    @Test
    void typescriptSdkReachesAMariaDbOnTheHostThroughAHostService() throws Exception {
        assertMariaDbUsers(berthRun("ts-host-service", Map.of(), "node", TS.resolve("seeds.mjs").toString(),
                "host-service", hostMariaDb()));
    }

    @Test
    void pythonSdkReachesAMariaDbOnTheHostThroughAHostService() throws Exception {
        assertMariaDbUsers(berthRun("py-host-service", Map.of(), python(), PY.resolve("seeds.py").toString(),
                "host-service", hostMariaDb()));
    }

    @Test
    void goSdkReachesAMariaDbOnTheHostThroughAHostService() throws Exception {
        assertMariaDbUsers(berthRun("go-host-service", Map.of("BERTH_TEST_PORT", hostMariaDb()), GO_BIN.toString(),
                "host-service"));
    }

    /** The host's own users table (its root@127.0.0.1, which no container image has), read from a container. */
    private static void assertMariaDbUsers(CommandRun run) throws InterruptedException {
        run.assertExit(0);
        assertTrue(run.stdout().contains("Host\tUser"), run.describe());
        assertTrue(run.stdout().contains("127.0.0.1\troot"), run.describe());
        run.assertNamespaceDeleted(api);
    }

    // ---- berth run itself ------------------------------------------------------------------------

    @Test
    void exitCodeOfTheCommandPassesThrough() throws Exception {
        CommandRun run = berthRun("py-exit", python(), PY.resolve("seeds.py").toString(), "exit");
        run.assertExit(3);
        run.assertNamespaceDeleted(api);
    }

    @Test
    void rawCurlWorksWithTheTokenAndGets401WithoutIt() throws Exception {
        String query = "'{\"query\":\"{ container { from(address: \\\"alpine\\\") { id } } }\"}'";
        String url = "http://127.0.0.1:$DAGGER_SESSION_PORT/query";
        CommandRun run = berthRun("curl", "sh", "-c", String.join("; ",
                "curl -s -o /dev/null -w 'without=%{http_code}\\n' -H content-type:application/json -d " + query + " " + url,
                "curl -s -D - -o /dev/null -H content-type:application/json -d " + query + " " + url
                        + " | tr -d '\\r' | grep -i '^www-authenticate'",
                "curl -s -u \"$DAGGER_SESSION_TOKEN:\" -H content-type:application/json -d " + query + " " + url));
        run.assertExit(0);
        assertTrue(run.stdout().contains("without=401"), run.describe());
        assertTrue(run.stdout().toLowerCase().contains("www-authenticate: basic realm=\"berth\""), run.describe());
        assertTrue(run.stdout().contains("{\"data\":{\"container\":{\"from\":{\"id\":\"berth1."), run.describe());
    }

    // ---- plumbing ----------------------------------------------------------------------------------

    private static CommandRun berthRun(String name, String... command) throws Exception {
        return berthRun(name, Map.of(), command);
    }

    private static CommandRun berthRun(String name, Map<String, String> environment, String... command) throws Exception {
        Path out = BerthApiProcess.LOGS.resolve(name + ".out");
        Path err = BerthApiProcess.LOGS.resolve(name + ".err");
        Instant started = Instant.now();
        ProcessBuilder builder = api.berthRun(List.of(command));
        builder.environment().putAll(environment);
        Process process = builder
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
            process.destroyForcibly();
            throw new AssertionError(name + ": berth run did not finish within " + RUN_TIMEOUT + "\n"
                    + Files.readString(err));
        }
        CommandRun run = new CommandRun(name, process.exitValue(), Files.readString(out), Files.readString(err));
        System.out.printf("[api-e2e] %s: exit %d in %d s%n", name, run.exitCode(),
                Duration.between(started, Instant.now()).toSeconds());
        return run;
    }

    static String freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return Integer.toString(socket.getLocalPort());
        }
    }

    private static String hostMariaDbPort;

    /** Debian's MariaDB on this machine's loopback (e2e/host-mariadb.sh), started once, stopped after the class. */
    private static synchronized String hostMariaDb() throws Exception {
        if (hostMariaDbPort == null) {
            Process start = new ProcessBuilder("bash", BerthApiProcess.ROOT.resolve("e2e/host-mariadb.sh").toString(),
                    "start").redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String port = new String(start.getInputStream().readAllBytes()).strip();
            if (!start.waitFor(10, TimeUnit.MINUTES) || start.exitValue() != 0 || !port.matches("\\d+")) {
                throw new IllegalStateException("e2e/host-mariadb.sh start failed: " + port);
            }
            hostMariaDbPort = port;
        }
        return hostMariaDbPort;
    }

    private static void stopHostMariaDb() throws Exception {
        if (hostMariaDbPort != null) {
            exec(BerthApiProcess.ROOT, "bash", "e2e/host-mariadb.sh", "stop");
        }
    }

    static String python() {
        return PY.resolve(".venv/bin/python").toString();
    }

    /** npm ci / pip install from the lock files, unless already installed; go build of the Go seeds. */
    /** A main program of this test classpath (Berth's Java SDK and the seeds), run by this JVM's java. */
    private static String[] javaSeeds(String scenario) {
        return new String[] {Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.berth.e2e.sdk.JavaSeeds", scenario};
    }

    static void installSdks() throws Exception {
        Files.createDirectories(GO_BIN.getParent());
        if (exec(GO, "go", "build", "-o", GO_BIN.toString(), ".") != 0) {
            throw new IllegalStateException("go build in " + GO + " failed");
        }
        if (!Files.isRegularFile(TS.resolve("node_modules/@dagger.io/dagger/package.json"))) {
            exec(TS, "npm", "ci", "--no-audit", "--no-fund");
        }
        if (!Files.isExecutable(PY.resolve(".venv/bin/python"))) {
            exec(PY, "python3", "-m", "venv", ".venv");
        }
        if (exec(PY, python(), "-c", "import dagger") != 0) {
            if (exec(PY, python(), "-m", "pip", "install", "-q", "-r", "requirements.txt") != 0) {
                throw new IllegalStateException("pip install of " + PY.resolve("requirements.txt") + " failed");
            }
        }
    }

    private static int exec(Path dir, String... command) throws Exception {
        // Never hand the fork's stdin (failsafe's command channel) to a child: node sets it non-blocking.
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " timed out");
        }
        return p.exitValue();
    }
}
