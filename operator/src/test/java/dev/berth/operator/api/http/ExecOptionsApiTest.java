package dev.berth.operator.api.http;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.operator.api.FakeGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * withUser/user, withExec's stdin and redirects, combinedOutput and withEnvVariable(expand) over
 * HTTP (the engine is {@link FakeGateway}: cat prints its stdin, whoami the exec's user).
 */
@QuarkusTest
class ExecOptionsApiTest {

    private SessionQueries client;

    @BeforeEach
    void openSession() {
        client = SessionQueries.open();
    }

    @Test
    void withUserReachesLaterExecsAndIsReadBack() {
        JsonPath r = client.data("{ container { from(address: \"alpine\") { withUser(name: \"nobody\") "
                + "{ user withExec(args: [\"whoami\"]) { stdout user } } } } }");
        assertEquals("nobody", r.getString("data.container.from.withUser.user"));
        assertEquals("nobody\n", r.getString("data.container.from.withUser.withExec.stdout"));
        assertEquals("nobody", r.getString("data.container.from.withUser.withExec.user"));
        assertEquals("root\n", client.data("{ container { from(address: \"alpine\") { withExec(args: [\"whoami\"]) "
                + "{ stdout } } } }").getString("data.container.from.withExec.stdout"));
        // the image's own USER is not known: said so, not guessed
        client.query("{ container { from(address: \"alpine\") { user } } }")
                .body("errors[0].extensions.code", equalTo("NOT_SUPPORTED"))
                .body("errors[0].message", containsString("Container.user is not supported by Berth yet"));
    }

    @Test
    void aUserSurvivesTheIdRoundTrip() {
        String id = client.data("{ container { from(address: \"alpine\") { withUser(name: \"1000:1000\") { id } } } }")
                .getString("data.container.from.withUser.id");
        assertEquals("1000:1000", client.data("{ loadContainerFromID(id: \"" + id + "\") { user } }")
                .getString("data.loadContainerFromID.user"));
    }

    @Test
    void stdinReachesTheExec() {
        assertEquals("hello\nworld", client.data("{ container { from(address: \"alpine\") { withExec(args: [\"cat\"], "
                + "stdin: \"hello\\nworld\") { stdout } } } }").getString("data.container.from.withExec.stdout"));
    }

    @Test
    void redirectsAreResolvedAgainstTheWorkdirAndChecked() {
        int before = FakeGateway.CALLS.size();
        client.query("{ container { from(address: \"alpine\") { withExec(args: [\"echo\"], redirectStdout: \"out\") "
                + "{ id } } } }")
                .body("errors[0].extensions.code", equalTo("VALIDATION_ERROR"))
                .body("errors[0].extensions.field", equalTo("withExec.redirectStdout"));
        client.query("{ container { from(address: \"alpine\") { withExec(args: [\"cat\"], stdin: \"x\", "
                + "redirectStdin: \"/in\") { id } } } }")
                .body("errors[0].extensions.field", equalTo("withExec.redirectStdin"));
        assertEquals(before, FakeGateway.CALLS.size(), "nothing ran");
        assertEquals("echo hi", client.data("{ container { from(address: \"alpine\") { withWorkdir(path: \"/w\") "
                + "{ withExec(args: [\"echo\", \"hi\"], redirectStdout: \"out\", redirectStderr: \"/tmp/err\") "
                + "{ stdout } } } } }").getString("data.container.from.withWorkdir.withExec.stdout"));
    }

    @Test
    void combinedOutputIsInTheOrderWritten() {
        JsonPath r = client.data("{ container { from(address: \"alpine\") { withExec(args: [\"both\"]) "
                + "{ stdout stderr combinedOutput } } } }");
        assertEquals("out\n", r.getString("data.container.from.withExec.stdout"));
        assertEquals("err\n", r.getString("data.container.from.withExec.stderr"));
        assertEquals("err\nout\n", r.getString("data.container.from.withExec.combinedOutput"));
        client.query("{ container { from(address: \"alpine\") { combinedOutput } } }")
                .body("errors[0].message", containsString("no command has been executed"));
    }

    @Test
    void expandUsesTheVariablesSetEarlierAndRefusesOthers() {
        assertEquals("/opt/app/bin\n", client.data("{ container { from(address: \"alpine\") { "
                + "withEnvVariable(name: \"APP\", value: \"/opt/app\") { "
                + "withEnvVariable(name: \"BIN\", value: \"${APP}/bin\", expand: true) { "
                + "withExec(args: [\"printenv\", \"BIN\"]) { stdout } } } } } }")
                .getString("data.container.from.withEnvVariable.withEnvVariable.withExec.stdout"));
        client.query("{ container { from(address: \"alpine\") { "
                + "withEnvVariable(name: \"PATH\", value: \"/opt/bin:$PATH\", expand: true) { id } } } }")
                .body("errors[0].extensions.field", equalTo("withEnvVariable.value"))
                .body("errors[0].message", containsString("\"PATH\" is not supported by Berth yet"))
                .body("errors[0].path", equalTo(List.of("container", "from", "withEnvVariable")));
    }
}
