package dev.berth.e2e.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.k8s.crd.ServiceInstance;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Host networking in both directions as a user sees it: one Dagger TypeScript script
 * (e2e/sdk/ts/host-networking.mjs) under {@code berth run}, one session, with real port-forwards
 * and a real relay. The script reports each check as a JSON line; while it runs, the test also
 * fetches a randomly chosen port that only berth's stderr names, and replaces the exposed
 * service's pod under a live {@code up}. Each test method asserts one behaviour of that run.
 */
class HostNetworkingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EXPOSED = Pattern.compile("exposed on 127\\.0\\.0\\.1:(\\d+) -> 8080");
    private static final Pattern NAMESPACE = CommandRun.NAMESPACE;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** How long the test operator keeps a session whose berth process vanished (the chart's default: 60 s). */
    private static final Duration CLIENT_LOST = Duration.ofSeconds(5);

    private static BerthApiProcess api;
    private static final Map<String, JsonNode> checks = new LinkedHashMap<>();
    private static int explicitPort;
    private static int nativePort;
    private static String stderr = "";
    private static String randomFetch;
    private static String afterPodReplaced;
    private static int exitCode;
    private static String namespace;
    private static List<String> givenPorts = List.of();
    private static String forwardsColumn;

    @BeforeAll
    static void runTheScript() throws Exception {
        SdkIT.installSdks();
        api = BerthApiProcess.start(Map.of("BERTH_API_CLIENT_LOST_SECONDS", Long.toString(CLIENT_LOST.toSeconds())));
        List<String> ports = List.of(SdkIT.freePort(), SdkIT.freePort(), SdkIT.freePort(), SdkIT.freePort(),
                SdkIT.freePort());
        givenPorts = ports;
        explicitPort = Integer.parseInt(ports.get(0));
        nativePort = Integer.parseInt(ports.get(1));
        Path dir = BerthApiProcess.LOGS.resolve("host-networking");
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("random-fetched"));
        Path out = BerthApiProcess.LOGS.resolve("host-networking.out");
        Path err = BerthApiProcess.LOGS.resolve("host-networking.err");
        ProcessBuilder builder = api.berthRun(List.of("node", SdkIT.TS.resolve("host-networking.mjs").toString()));
        builder.environment().put("BERTH_TEST_PORTS", String.join(",", ports));
        builder.environment().put("BERTH_TEST_DIR", dir.toString());
        Process run = builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(8));
            while (run.isAlive() && Instant.now().isBefore(deadline) && !Files.readString(out).contains("\"random\"")) {
                Thread.sleep(500);
            }
            replaceThePodUnderUp(err);
            randomFetch = fetchTheRandomPort(err);
            Files.writeString(dir.resolve("random-fetched"), "done");
            if (!run.waitFor(5, TimeUnit.MINUTES)) {
                run.destroy();
            }
            run.waitFor(60, TimeUnit.SECONDS);
            exitCode = run.exitValue();
        } finally {
            run.destroyForcibly();
            stderr = Files.readString(err);
            for (String line : Files.readString(out).lines().toList()) {
                if (line.startsWith("{\"check\"")) {
                    JsonNode check = JSON.readTree(line);
                    checks.put(check.path("check").asText(), check);
                }
            }
        }
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    // ---- container to host: up ---------------------------------------------------------------

    @Test
    void upWithExplicitPortsServesTheSeedPage() {
        assertEquals("Hello, world!", check("explicit").path("body").asText(), describe());
    }

    @Test
    void aHundredMebibyteBodyArrivesIntactThroughUp() {
        JsonNode big = check("explicit-big");
        assertEquals(100L * 1024 * 1024, big.path("bytes").asLong(), describe());
        assertEquals(big.path("expectedSha256").asText(), big.path("sha256").asText(), describe());
    }

    @Test
    void fiftyConcurrentConnectionsThroughUpAllSucceed() {
        assertEquals(50, check("explicit-concurrent").path("ok").asInt(), describe());
    }

    @Test
    void upWithoutPortsBindsTheServicesOwnPortNumber() {
        assertEquals("native", check("native").path("body").asText(), describe());
        assertTrue(stderr.contains("exposed on 127.0.0.1:" + nativePort + " -> " + nativePort), describe());
    }

    @Test
    void upOnARandomPortIsReportedOnStderrAndServes() {
        assertEquals("Hello, world!", randomFetch, describe());
    }

    @Test
    void aHostPortInUseFailsUpNamingThePort() {
        String error = check("in-use").path("error").asText();
        assertTrue(error.contains("already in use") && error.contains(Integer.toString(checkPort("in-use", 2))),
                describe());
    }

    @Test
    void kubectlShowsTheExposureInTheForwardsColumn() {
        assertTrue(forwardsColumn != null && forwardsColumn.contains("127.0.0.1:" + explicitPort + "->8080"),
                "status.forwards (the Forwards column) was " + forwardsColumn + "\n" + describe());
    }

    @Test
    void aReplacedServicePodIsFollowedByNewConnections() {
        assertEquals("Hello, world!", afterPodReplaced, describe());
    }

    @Test
    void aTunnelsEndpointIsOnThisMachineAndStopClosesIt() {
        JsonNode tunnel = check("tunnel");
        assertTrue(tunnel.path("endpoint").asText().matches("http://127\\.0\\.0\\.1:\\d+"), describe());
        assertEquals("Hello, world!", tunnel.path("body").asText(), describe());
        assertTrue(!tunnel.path("afterStop").isNull(), "after stop the tunnel's port is closed\n" + describe());
    }

    // ---- host to container: Host.service ------------------------------------------------------

    @Test
    void aHundredMebibyteBodyArrivesIntactThroughAHostService() {
        JsonNode big = check("host-big");
        assertEquals(big.path("expectedSha256").asText(), big.path("sha256").asText(), describe());
    }

    @Test
    void fiftyConcurrentConnectionsThroughAHostServiceAllSucceed() {
        assertEquals(50, check("host-concurrent").path("ok").asInt(), describe());
    }

    @Test
    void aReplacedRelayPodGetsTheTunnelsAgain() {
        assertEquals("Hello, world!", check("relay-replaced").path("body").asText(), describe());
    }

    @Test
    void aRefusingHostTargetFailsTheServiceAndBerthNamesTheTarget() {
        String error = check("refused").path("error").asText();
        String target = "localhost:" + checkPort("refused", 4);
        assertTrue(error.contains(target) && error.contains("refused"), describe());
        assertTrue(stderr.contains(target + " refused the connection"), "berth names the target too\n" + describe());
    }

    @Test
    void udpIsNotSupported() {
        JsonNode udp = check("udp");
        assertTrue(udp.path("error").asText().contains("TCP only"), describe());
    }

    // ---- the end of the session --------------------------------------------------------------

    @Test
    void theScriptEndsCleanlyAndTheExposuresAndRelaysGoWithTheSession() throws Exception {
        assertEquals(0, exitCode, describe());
        assertNotNull(check("done"), describe());
        assertTrue(!checks.containsKey("up-ended") || checks.get("up-ended").path("error").asText().isEmpty(),
                "no up ended while the script ran\n" + describe());
        Matcher m = NAMESPACE.matcher(stderr);
        assertTrue(m.find(), describe());
        api.assertNamespaceDeleted(m.group(1), describe());
        for (int port : List.of(explicitPort, nativePort)) {
            assertTrue(refused(port), "host port " + port + " is closed after the session\n" + describe());
        }
    }

    @Test
    void aBerthProcessKilledWithSigkillLeavesNothingBehind() throws Exception {
        Path err = BerthApiProcess.LOGS.resolve("sigkill.err");
        Process run = api.berthRun(List.of("sleep", "600"))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        String killedNamespace = null;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (killedNamespace == null && Instant.now().isBefore(deadline) && run.isAlive()) {
            Matcher m = NAMESPACE.matcher(Files.readString(err));
            killedNamespace = m.find() ? m.group(1) : null;
            Thread.sleep(200);
        }
        assertNotNull(killedNamespace, Files.readString(err));
        Thread.sleep(2000); // the session channel is attached right after the session opens
        List<ProcessHandle> children = run.toHandle().descendants().toList();
        run.destroyForcibly(); // SIGKILL: no DELETE /sessions, no close frame
        run.waitFor(30, TimeUnit.SECONDS);
        Instant killed = Instant.now();
        try {
            while (api.client().namespaces().withName(killedNamespace).get() != null
                    && Duration.between(killed, Instant.now()).compareTo(CLIENT_LOST.plusMinutes(2)) < 0) {
                Thread.sleep(500);
            }
            assertNull(api.client().namespaces().withName(killedNamespace).get(), "the session of a killed berth "
                    + "process is closed after " + CLIENT_LOST + "\n" + Files.readString(err));
            // berth run started `sleep` with a parent-death signal: it ended with berth
            assertTrue(children.stream().noneMatch(ProcessHandle::isAlive), "the command of a killed berth run is "
                    + "stopped with it: " + children.stream().filter(ProcessHandle::isAlive)
                    .map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList());
        } finally {
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    // ---- during the run ------------------------------------------------------------------------

    /** Deletes the pod behind the explicit {@code up}; the reconciler recreates it and new connections reach it. */
    private static void replaceThePodUnderUp(Path err) throws Exception {
        Matcher m = NAMESPACE.matcher(Files.readString(err));
        if (!m.find()) {
            return;
        }
        namespace = m.group(1);
        Optional<ServiceInstance> exposed = api.client().resources(ServiceInstance.class).inNamespace(namespace).list()
                .getItems().stream()
                .filter(i -> i.getSpec().getExposures().stream().anyMatch(e -> e.getPorts().stream()
                        .anyMatch(p -> p.getFrontend() == explicitPort)))
                .findFirst();
        if (exposed.isEmpty()) {
            return;
        }
        forwardsColumn = exposed.get().getStatus() == null ? null : exposed.get().getStatus().getForwards();
        String pod = exposed.get().getMetadata().getName();
        String uid = api.client().pods().inNamespace(namespace).withName(pod).get().getMetadata().getUid();
        api.client().pods().inNamespace(namespace).withName(pod).withGracePeriod(0).delete();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            var now = api.client().pods().inNamespace(namespace).withName(pod).get();
            if (now != null && !now.getMetadata().getUid().equals(uid)) {
                Optional<String> body = get(explicitPort);
                if (body.isPresent()) {
                    afterPodReplaced = body.get();
                    return;
                }
            }
            Thread.sleep(500);
        }
    }

    /** The port of the {@code up(random: true)}: the last one berth reports that no other check uses. */
    private static String fetchTheRandomPort(Path err) throws Exception {
        String tunnelPort = Optional.ofNullable(checks.get("tunnel")).map(t -> t.path("endpoint").asText())
                .orElse("");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            Matcher m = EXPOSED.matcher(Files.readString(err));
            String last = null;
            while (m.find()) {
                last = m.group(1);
            }
            String out = Files.readString(BerthApiProcess.LOGS.resolve("host-networking.out"));
            String tunnel = out.lines().filter(l -> l.contains("\"check\":\"tunnel\"")).findFirst().orElse(tunnelPort);
            if (last != null && !last.equals(Integer.toString(explicitPort)) && !tunnel.contains(":" + last + "\"")) {
                Optional<String> body = get(Integer.parseInt(last));
                if (body.isPresent()) {
                    return body.get();
                }
            }
            Thread.sleep(500);
        }
        return null;
    }

    private static Optional<String> get(int port) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return Optional.of(response.body());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static boolean refused(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static JsonNode check(String name) {
        JsonNode check = checks.get(name);
        assertNotNull(check, "the script reported no check \"" + name + "\"\n" + describe());
        return check;
    }

    /** The port the script was given for a check, by its index in BERTH_TEST_PORTS. */
    private static int checkPort(String check, int index) {
        assertTrue(givenPorts.size() > index, check + ": the script never ran\n" + describe());
        return Integer.parseInt(givenPorts.get(index));
    }

    private static String describe() {
        return "exit " + exitCode + "\n--- checks\n" + checks.values() + "\n--- berth stderr\n" + stderr;
    }
}
