package dev.berth.cli.files;

import static dev.berth.cli.files.TestTrees.file;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.host.HostAgent;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** readHost and export as channel requests: the answers the engine gets. */
class HostAgentFilesTest {

    @TempDir
    Path tmp;
    private FakeFileApi engine;
    private HostAgent agent;
    private final List<String> stderr = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        engine = new FakeFileApi("s1", "tok");
        agent = new HostAgent(null, InetAddress.getLoopbackAddress(), stderr::add, engine.api(),
                new HostPaths(Files.createDirectories(tmp.resolve("cwd")), tmp.resolve("home")));
    }

    @AfterEach
    void stop() {
        agent.close();
        engine.close();
    }

    private static JsonNode json(String text) throws IOException {
        return FakeFileApi.JSON.readTree(text.replace('\'', '"'));
    }

    /** The same JSON text (Jackson's IntNode and LongNode of one number are not equal). */
    private static void assertJson(JsonNode expected, JsonNode actual) {
        assertEquals(expected.toString(), actual.toString());
    }

    @Test
    void readHostAnswersUploadedWithTheCounts() throws IOException {
        file(tmp, "cwd/src/a.txt", "aaa", 0644);
        file(tmp, "cwd/src/b.txt", "aaa", 0644);
        file(tmp, "cwd/src/c.log", "ccccc", 0644);

        JsonNode answer = agent.handle(json("{'type':'readHost','id':'r7','kind':'directory','path':'src',"
                + "'exclude':['*.log'],'include':[]}"));

        assertJson(json("{'type':'uploaded','id':'r7','files':2,'bytes':6,'sentBlobs':1,'sentBytes':3}"), answer);
        JsonNode again = agent.handle(json("{'type':'readHost','id':'r8','kind':'directory','path':'src'}"));
        assertJson(json("{'type':'uploaded','id':'r8','files':3,'bytes':11,'sentBlobs':1,'sentBytes':5}"), again);

        JsonNode single = agent.handle(json("{'type':'readHost','id':'r9','kind':'file','path':'src/c.log'}"));
        assertJson(json("{'type':'uploaded','id':'r9','files':1,'bytes':5,'sentBlobs':0,'sentBytes':0}"), single);
    }

    @Test
    void readHostFailuresAnswerFailedWithTheMessage() throws IOException {
        JsonNode missing = agent.handle(json("{'type':'readHost','id':'r1','kind':'directory','path':'nope'}"));
        assertEquals(json("{'type':'failed','id':'r1','message':'no such directory: nope (resolved to "
                + tmp.resolve("cwd/nope") + ")'}"), missing);

        JsonNode kind = agent.handle(json("{'type':'readHost','id':'r2','kind':'socket','path':'x'}"));
        assertEquals("failed", kind.path("type").asText());
        assertEquals("readHost request: field 'kind' must be \"directory\" or \"file\", got \"socket\"",
                kind.path("message").asText());

        JsonNode patterns = agent.handle(json("{'type':'readHost','id':'r3','kind':'directory','path':'.',"
                + "'exclude':'*.log'}"));
        assertEquals("readHost request: field 'exclude' must be an array of strings",
                patterns.path("message").asText());

        HostAgent withoutApi = new HostAgent(null, InetAddress.getLoopbackAddress(), stderr::add);
        JsonNode noApi = withoutApi.handle(json("{'type':'readHost','id':'r4','kind':'file','path':'x'}"));
        assertEquals("this berth process cannot upload files (no session API)", noApi.path("message").asText());
    }

    @Test
    void exportAnswersExportedWithTheAbsolutePath() throws IOException {
        java.io.ByteArrayOutputStream bundle = new java.io.ByteArrayOutputStream();
        BundleWriter writer = new BundleWriter(bundle);
        writer.write(Bundle.file("out.txt", 0640, 2), new java.io.ByteArrayInputStream("ok".getBytes()));
        writer.end();
        engine.exports.put("r9", bundle.toByteArray());

        JsonNode answer = agent.handle(json("{'type':'export','id':'r9','kind':'directory','path':'dist',"
                + "'wipe':false}"));

        assertEquals(json("{'type':'exported','id':'r9','path':'" + tmp.resolve("cwd/dist") + "'}"), answer);
        assertEquals("ok", Files.readString(tmp.resolve("cwd/dist/out.txt")));

        JsonNode failed = agent.handle(json("{'type':'export','id':'r10','kind':'file','path':'x.txt'}"));
        assertEquals(json("{'type':'failed','id':'r10','message':'no export r10 in this session'}"), failed);

        engine.exports.put("r12", bundle.toByteArray());
        JsonNode into = agent.handle(json("{'type':'export','id':'r12','kind':'file','path':'dist',"
                + "'name':'named.txt','allowParentDirPath':true}"));
        assertEquals(json("{'type':'exported','id':'r12','path':'" + tmp.resolve("cwd/dist/named.txt") + "'}"), into);

        JsonNode wipe = agent.handle(json("{'type':'export','id':'r11','kind':'file','path':'x','wipe':'yes'}"));
        assertEquals("export request: field 'wipe' must be true or false", wipe.path("message").asText());
    }
}
