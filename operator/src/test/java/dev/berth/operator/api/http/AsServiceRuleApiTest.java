package dev.berth.operator.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code asService()} without args follows the Dagger version the session's client declared when
 * it opened the session: before v0.15 the last withExec is the service; since, every withExec is a
 * build step and the default command runs (refused when that is the image's own, unknown here).
 */
@QuarkusTest
class AsServiceRuleApiTest {

    private static final String LEGACY = "{ container { from(address: \"python\") { withExposedPort(port: 8080) "
            + "{ withExec(args: [\"python\", \"-m\", \"http.server\", \"8080\"]) { asService { hostname } } } } } }";
    private static final String ARGS = "{ container { from(address: \"python\") { withExposedPort(port: 8080) "
            + "{ asService(args: [\"python\", \"-m\", \"http.server\", \"8080\"]) { hostname } } } } }";

    private static JsonPath open(Object body) {
        var request = given().header("Authorization", "Bearer " + ApiHttpTest.BOOTSTRAP);
        if (body != null) {
            request = request.contentType("application/json").body(body);
        }
        return request.when().post("/sessions").then().statusCode(201).extract().jsonPath();
    }

    private static SessionQueries client(JsonPath opened) {
        return new SessionQueries(opened.getString("token"));
    }

    @Test
    void aClientOfTheServedVersionGetsTheBuildStepRuleAndAClearRefusal() {
        JsonPath opened = open(null);
        assertEquals("v0.21.8", opened.getString("daggerVersion"));
        client(opened).query(LEGACY)
                .body("errors[0].extensions.code", equalTo("VALIDATION_ERROR"))
                .body("errors[0].extensions.field", equalTo("asService.args"))
                .body("errors[0].message", containsString("since Dagger v0.15"))
                .body("errors[0].message", containsString("--dagger-version v0.14.0"));
    }

    @Test
    void theBuildStepRuleRunsTheDefaultCommandAfterTheExecs() {
        SessionQueries client = client(open(Map.of("daggerVersion", "v0.15.0")));
        String steps = client.data("{ container { from(address: \"python\") { withEntrypoint(args: [\"python\", \"-m\"])"
                + " { withDefaultArgs(args: [\"http.server\"]) { withExec(args: [\"sh\", \"-c\", \"echo built\"]) "
                + "{ asService { hostname } } } } } } }")
                .getString("data.container.from.withEntrypoint.withDefaultArgs.withExec.asService.hostname");
        String noSteps = client.data("{ container { from(address: \"python\") { withEntrypoint(args: [\"python\", \"-m\"])"
                + " { withDefaultArgs(args: [\"http.server\"]) { asService { hostname } } } } } }")
                .getString("data.container.from.withEntrypoint.withDefaultArgs.asService.hostname");
        assertNotEquals(noSteps, steps, "the exec is part of the service (a build step), not dropped");
    }

    @Test
    void anOlderClientKeepsTheLastExecRuleAcrossIds() {
        SessionQueries client = client(open(Map.of("daggerVersion", "v0.14.0")));
        String legacy = client.data(LEGACY)
                .getString("data.container.from.withExposedPort.withExec.asService.hostname");
        assertEquals(client.data(ARGS).getString("data.container.from.withExposedPort.asService.hostname"), legacy,
                "the last withExec is the service's command");
        String id = client.data("{ container { from(address: \"python\") { withExposedPort(port: 8080) { withExec("
                + "args: [\"python\", \"-m\", \"http.server\", \"8080\"]) { id } } } } }")
                .getString("data.container.from.withExposedPort.withExec.id");
        assertEquals(legacy, client.data("{ loadContainerFromID(id: \"" + id + "\") { asService { hostname } } }")
                .getString("data.loadContainerFromID.asService.hostname"));
    }

    @Test
    void aVersionThatIsNotOneIsRefusedNamingTheField() {
        given().header("Authorization", "Bearer " + ApiHttpTest.BOOTSTRAP).contentType("application/json")
                .body(Map.of("daggerVersion", "fourteen")).when().post("/sessions").then().statusCode(400)
                .body("errors[0].message", containsString("daggerVersion: \"fourteen\" is not a version such as v0.14.0"));
        given().header("Authorization", "Bearer " + ApiHttpTest.BOOTSTRAP).contentType("application/json")
                .body("[1]").when().post("/sessions").then().statusCode(400)
                .body("errors[0].message", containsString("must be a JSON object"));
    }
}
