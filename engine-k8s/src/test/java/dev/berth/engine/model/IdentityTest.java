package dev.berth.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Digests and hostnames: same definition, same name; any difference, another name. */
class IdentityTest {

    private static final Pattern HOSTNAME = Pattern.compile("^[a-z][a-z0-9]{0,62}$");

    /** The seed's HTTP service, in the asService(args) form. */
    static Service httpService() {
        return Container.from("python")
                .withWorkdir("/srv")
                .withNewFile("index.html", "Hello, world!")
                .withExposedPort(8080)
                .asService(List.of("python", "-m", "http.server", "8080"), false);
    }

    @Test
    void sameDefinitionBuiltTwiceHasTheSameDigestAndHostname() {
        assertEquals(httpService().digest(), httpService().digest());
        assertEquals(httpService().hostname(), httpService().hostname());
        assertEquals(httpService(), httpService());
        assertEquals(httpService().hashCode(), httpService().hashCode());
    }

    /**
     * Pins the canonical form. If this fails, every hostname Berth ever handed out changes:
     * only update the constants on purpose (and bump the type versions in the canonical form).
     */
    @Test
    void goldenHostnameOfTheSeedHttpService() {
        Service service = httpService();
        assertEquals("sha256:b927a4fc57ae3d69425ae793316df7f2567c21760d9c01920b19ace71756e59f", service.digest().toString());
        assertEquals("bxet2j7cxvy6wsqs246jtc3px6jlhyil", service.hostname());
    }

    /**
     * Pins a container with execs, files and variables: options added to execs later (user,
     * stdin, redirects) enter the canonical form only when set, so this digest never moves.
     */
    @Test
    void goldenDigestOfAContainerWithExecs() {
        Container c = Container.from("alpine")
                .withEnvVariable("A", "1")
                .withWorkdir("/w")
                .withNewFile("f", "x")
                .withExec(List.of("sh", "-c", "echo hi"))
                .withExec(List.of("false"), false, ReturnType.FAILURE);
        assertEquals("sha256:b9e2ece2b7fd0154b6a910d140f0e4325a3f03f14fef581c4bef67484f56fff0", c.digest().toString());
    }

    /** Small enough to recompute by hand: T"berth.dev/CacheVolume/v1" F"key" S"my-redis", each length-prefixed. */
    @Test
    void goldenDigestOfACacheVolume() {
        assertEquals("sha256:446312e4898cc8f417cf6b888a553ca7cb2abb2809453dbcd1e4785de0f10f64", CacheVolume.of("my-redis").digest().toString());
    }

    @Test
    void hostnameIsAnRfc1123LabelStartingWithALetter() {
        for (Service service : variants().values()) {
            if (service.customHostname().isPresent()) {
                continue;
            }
            String hostname = service.hostname();
            assertTrue(HOSTNAME.matcher(hostname).matches(), hostname);
            assertEquals(Hostnames.LENGTH, hostname.length());
            assertTrue(service.digest().base32().startsWith(hostname.substring(Hostnames.PREFIX.length())));
        }
    }

    @Test
    void everyDifferentAttributeGivesADifferentHostname() {
        Map<String, Service> variants = variants();
        Set<String> hostnames = new HashSet<>();
        Set<Digest> digests = new HashSet<>();
        for (Map.Entry<String, Service> entry : variants.entrySet()) {
            assertTrue(hostnames.add(entry.getValue().hostname()), "hostname collides: " + entry.getKey());
            assertTrue(digests.add(entry.getValue().digest()), "digest collides: " + entry.getKey());
        }
    }

    /** One base definition and variants that each differ from it in exactly one attribute. */
    private static Map<String, Service> variants() {
        Container base = Container.from("python").withWorkdir("/srv").withExposedPort(8080);
        List<String> cmd = List.of("python", "-m", "http.server", "8080");
        Service redis = Container.from("redis").withExposedPort(6379).asService();
        Map<String, Service> v = new LinkedHashMap<>();
        v.put("base", base.asService(cmd, false));
        v.put("image tag", Container.from("python:3").withWorkdir("/srv").withExposedPort(8080).asService(cmd, false));
        v.put("workdir", base.withWorkdir("/srv2").asService(cmd, false));
        v.put("env", base.withEnvVariable("A", "1").asService(cmd, false));
        v.put("env value", base.withEnvVariable("A", "2").asService(cmd, false));
        v.put("file", base.withNewFile("index.html", "Hello").asService(cmd, false));
        v.put("file contents", base.withNewFile("index.html", "Hello!").asService(cmd, false));
        v.put("file mode", base.withNewFile("index.html", "Hello", 0600).asService(cmd, false));
        v.put("exec", base.withExec(List.of("true")).asService(cmd, false));
        v.put("exec expect", base.withExec(List.of("true"), false, ReturnType.ANY).asService(cmd, false));
        v.put("port", base.withExposedPort(8081).asService(cmd, false));
        v.put("port udp", base.withExposedPort(8080, NetworkProtocol.UDP).asService(cmd, false));
        v.put("port description", base.withExposedPort(8080, NetworkProtocol.TCP, "web", false).asService(cmd, false));
        v.put("port skip health", base.withExposedPort(8080, NetworkProtocol.TCP, "", true).asService(cmd, false));
        v.put("no port", base.withoutExposedPort(8080).asService(cmd, false));
        v.put("binding", base.withServiceBinding("redis", redis).asService(cmd, false));
        v.put("binding alias", base.withServiceBinding("cache", redis).asService(cmd, false));
        v.put("binding target", base.withServiceBinding("redis", redis.withHostname("other")).asService(cmd, false));
        v.put("cache", base.withMountedCache("/data", CacheVolume.of("a")).asService(cmd, false));
        v.put("cache key", base.withMountedCache("/data", CacheVolume.of("b")).asService(cmd, false));
        v.put("command", base.asService(List.of("python", "-m", "http.server", "8081"), false));
        v.put("entrypoint", base.withEntrypoint(List.of("python")).asService());
        v.put("image default", base.asService());
        v.put("image entrypoint", base.asService(List.of("-m", "http.server"), true));
        v.put("custom hostname", base.asService(cmd, false).withHostname("www"));
        return v;
    }

    @Test
    void independentSettingsInAnyOrderGiveTheSameDigest() {
        Service redis = Container.from("redis").asService();
        Container one = Container.from("python")
                .withEnvVariable("A", "1").withEnvVariable("B", "2")
                .withExposedPort(80).withExposedPort(443)
                .withServiceBinding("a", redis).withServiceBinding("b", redis)
                .withMountedCache("/x", CacheVolume.of("x")).withMountedCache("/y", CacheVolume.of("y"))
                .withNewFile("/f1", "1").withNewFile("/f2", "2");
        Container other = Container.from("python")
                .withNewFile("/f2", "2").withNewFile("/f1", "1")
                .withMountedCache("/y", CacheVolume.of("y")).withMountedCache("/x", CacheVolume.of("x"))
                .withServiceBinding("b", redis).withServiceBinding("a", redis)
                .withExposedPort(443).withExposedPort(80)
                .withEnvVariable("B", "2").withEnvVariable("A", "1");
        assertEquals(one.digest(), other.digest());
    }

    @Test
    void execOrderMatters() {
        Container ab = Container.from("alpine").withExec(List.of("a")).withExec(List.of("b"));
        Container ba = Container.from("alpine").withExec(List.of("b")).withExec(List.of("a"));
        assertNotEquals(ab.digest(), ba.digest());
    }

    @Test
    void fileBeforeOrAfterAnExecMatters() {
        Container before = Container.from("alpine").withNewFile("/a", "1").withExec(List.of("cat", "/a"));
        Container after = Container.from("alpine").withExec(List.of("cat", "/a")).withNewFile("/a", "1");
        assertNotEquals(before.digest(), after.digest());
    }

    @Test
    void equivalentSpellingsOfImageAndPathsGiveTheSameDigest() {
        Container shortForm = Container.from("python").withWorkdir("/srv").withNewFile("index.html", "x");
        Container longForm = Container.from("docker.io/library/python:latest").withWorkdir("/srv/")
                .withNewFile("/srv/./index.html", "x");
        assertEquals(shortForm.digest(), longForm.digest());
    }

    @Test
    void boundServiceChangesPropagateToTheClient() {
        Service v1 = Container.from("redis").withEnvVariable("V", "1").asService();
        Service v2 = Container.from("redis").withEnvVariable("V", "2").asService();
        Container client = Container.from("redis");
        assertNotEquals(client.withServiceBinding("redis", v1).digest(), client.withServiceBinding("redis", v2).digest());
    }

    @Test
    void containerAndServiceDigestsAreDistinctTypes() {
        Container c = Container.from("redis");
        assertNotEquals(c.digest(), c.asService().digest());
    }

    @Test
    void customHostnameOverridesTheDerivedOne() {
        Service service = httpService().withHostname("www");
        assertEquals("www", service.hostname());
        assertEquals(java.util.Optional.of("www"), service.customHostname());
        assertEquals(java.util.Optional.empty(), httpService().customHostname());
    }

    @Test
    void cacheVolumesAreIdentifiedByKey() {
        assertEquals(CacheVolume.of("a").digest(), new CacheVolume("a").digest());
        assertNotEquals(CacheVolume.of("a").digest(), CacheVolume.of("b").digest());
    }
}
