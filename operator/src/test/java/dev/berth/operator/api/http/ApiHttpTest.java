package dev.berth.operator.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.operator.api.FakeGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP API without a cluster (the engine is {@link FakeGateway}). */
@QuarkusTest
class ApiHttpTest {

    static final String BOOTSTRAP = "test-bootstrap-credential";

    private String token;
    private String sessionId;

    @BeforeEach
    void openSession() {
        JsonPath opened = given().header("Authorization", "Bearer " + BOOTSTRAP)
                .when().post("/sessions")
                .then().statusCode(201).extract().jsonPath();
        token = opened.getString("token");
        sessionId = opened.getString("id");
        assertEquals("berth-" + sessionId, opened.getString("namespace"));
    }

    // ---- auth -----------------------------------------------------------------------------

    @Test
    void queryWithoutTokenIs401WithBasicChallenge() {
        given().contentType("application/json").body(Map.of("query", "{ version }"))
                .when().post("/query")
                .then().statusCode(401)
                .header("WWW-Authenticate", "Basic realm=\"berth\"")
                .body("errors[0].message", containsString("session token"));
    }

    @Test
    void queryWithWrongTokenIs401() {
        given().auth().preemptive().basic(token + "x", "").contentType("application/json")
                .body(Map.of("query", "{ version }"))
                .when().post("/query")
                .then().statusCode(401).header("WWW-Authenticate", "Basic realm=\"berth\"");
    }

    @Test
    void queryWithTokenAnswersAndPasswordIsIgnored() {
        given().auth().preemptive().basic(token, "whatever").contentType("application/json")
                .body(Map.of("query", "{ version }"))
                .when().post("/query")
                .then().statusCode(200).body("data.version", equalTo("0.1.0-SNAPSHOT"));
    }

    @Test
    void openingASessionNeedsTheBootstrapCredential() {
        given().when().post("/sessions").then().statusCode(401).header("WWW-Authenticate", "Bearer realm=\"berth\"");
        given().header("Authorization", "Bearer nope").when().post("/sessions").then().statusCode(401);
        given().auth().preemptive().basic(token, "").when().post("/sessions").then().statusCode(401);
    }

    @Test
    void closingASessionRevokesItsToken() {
        given().auth().preemptive().basic("someone-else", "").when().delete("/sessions/" + sessionId)
                .then().statusCode(401);
        given().auth().preemptive().basic(token, "").when().delete("/sessions/" + sessionId).then().statusCode(204);
        assertTrue(FakeGateway.CALLS.contains("close " + sessionId));
        query("{ version }").statusCode(401);
        given().header("Authorization", "Bearer " + BOOTSTRAP).when().delete("/sessions/" + sessionId)
                .then().statusCode(404);
    }

    @Test
    void healthEndpointIsUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void malformedBodiesAre400() {
        given().auth().preemptive().basic(token, "").contentType("application/json").body("{not json")
                .when().post("/query").then().statusCode(400).body("errors[0].message", containsString("not JSON"));
        given().auth().preemptive().basic(token, "").contentType("application/json").body("{\"q\": 1}")
                .when().post("/query").then().statusCode(400);
    }

    // ---- laziness and results ---------------------------------------------------------------

    @Test
    void buildingIsPureAndLeavesRunTheEngine() {
        int before = FakeGateway.CALLS.size();
        String id = data("{ container { from(address: \"alpine\") { withExec(args: [\"echo\", \"hi\"]) { id } } } }")
                .getString("data.container.from.withExec.id");
        assertEquals(before, FakeGateway.CALLS.size(), "building a container must not run it");
        assertTrue(id.startsWith("berth1."), id);

        String stdout = data("{ loadContainerFromID(id: \"" + id + "\") { stdout } }")
                .getString("data.loadContainerFromID.stdout");
        assertEquals("echo hi", stdout);
        String viaNode = data("{ node(id: \"" + id + "\") { ... on Container { stdout exitCode } } }")
                .getString("data.node.stdout");
        assertEquals("echo hi", viaNode);
    }

    @Test
    void serviceFieldsAndIds() {
        String svc = data("{ container { from(address: \"python\") { withWorkdir(path: \"/srv\") "
                + "{ withNewFile(path: \"index.html\", contents: \"Hello, world!\") "
                + "{ withExposedPort(port: 8080) { asService(args: [\"python\", \"-m\", \"http.server\", \"8080\"]) "
                + "{ id } } } } } } }").getString("data.container.from.withWorkdir.withNewFile.withExposedPort.asService.id");
        JsonPath service = data("{ node(id: \"" + svc + "\") { ... on Service { hostname endpoint(scheme: \"http\") "
                + "ports { port protocol description experimentalSkipHealthcheck } } } }");
        String hostname = service.getString("data.node.hostname");
        assertTrue(hostname.matches("b[a-z2-7]{31}"), hostname);
        assertEquals("http://" + hostname + ":8080", service.getString("data.node.endpoint"));
        assertEquals(8080, service.getInt("data.node.ports[0].port"));
        assertEquals("TCP", service.getString("data.node.ports[0].protocol"));

        String started = data("{ loadServiceFromID(id: \"" + svc + "\") { start } }").getString("data.loadServiceFromID.start");
        assertEquals(svc, started, "start returns the service's ID");
        data("{ loadServiceFromID(id: \"" + svc + "\") { stop(kill: true) } }");
        assertTrue(FakeGateway.CALLS.contains("start " + hostname));
        assertTrue(FakeGateway.CALLS.contains("stop " + hostname + " kill=true"));

        String client = data("{ container { from(address: \"alpine\") { withServiceBinding(alias: \"www\", service: \""
                + svc + "\") { withExec(args: [\"wget\", \"-O-\", \"http://www:8080\"]) { stdout } } } } }")
                .getString("data.container.from.withServiceBinding.withExec.stdout");
        assertEquals("wget -O- http://www:8080", client);

        String port = data("{ node(id: \"" + svc + "\") { ... on Service { ports { id } } } }")
                .getString("data.node.ports[0].id");
        assertEquals(8080, data("{ loadPortFromID(id: \"" + port + "\") { port } }").getInt("data.loadPortFromID.port"));
    }

    @Test
    void cacheVolumesAndSync() {
        String cache = data("{ cacheVolume(key: \"my-redis\") { id } }").getString("data.cacheVolume.id");
        String synced = data("{ container { from(address: \"redis\") { withMountedCache(path: \"/data\", cache: \""
                + cache + "\", sharing: SHARED) { withExec(args: [\"true\"]) { sync } } } } }")
                .getString("data.container.from.withMountedCache.withExec.sync");
        assertTrue(synced.startsWith("berth1."));
        data("{ node(id: \"" + synced + "\") { ... on Syncer { sync } } }");
    }

    @Test
    void lockedAndPrivateCacheSharingAreRefusedNotShared() {
        String cache = data("{ cacheVolume(key: \"my-redis\") { id } }").getString("data.cacheVolume.id");
        int before = FakeGateway.CALLS.size();
        for (String mode : List.of("LOCKED", "PRIVATE")) {
            query("{ container { from(address: \"redis\") { withMountedCache(path: \"/data\", cache: \"" + cache
                    + "\", sharing: " + mode + ") { withExec(args: [\"true\"]) { sync } } } } }")
                    .statusCode(200)
                    .body("data", nullValue())
                    .body("errors[0].message", equalTo("withMountedCache.sharing: " + mode + " is not supported yet: "
                            + "Berth's cache volumes are node directories shared by every pod; use SHARED"))
                    .body("errors[0].extensions.code", equalTo("VALIDATION_ERROR"))
                    .body("errors[0].extensions.field", equalTo("withMountedCache.sharing"))
                    .body("errors[0].path", equalTo(List.of("container", "from", "withMountedCache")));
        }
        assertEquals(before, FakeGateway.CALLS.size(), "nothing ran");
    }

    // ---- errors -----------------------------------------------------------------------------

    @Test
    void execFailuresCarryDaggersExecErrorExtensions() {
        query("{ container { from(address: \"alpine\") { withExec(args: [\"fail\", \"now\"]) { stdout } } } }")
                .statusCode(200)
                .body("data", nullValue())
                .body("errors[0].message", startsWith("process \"fail now\" did not complete successfully: exit code: 3"))
                .body("errors[0].path", equalTo(List.of("container", "from", "withExec", "stdout")))
                .body("errors[0].extensions._type", equalTo("EXEC_ERROR"))
                .body("errors[0].extensions.exitCode", equalTo(3))
                .body("errors[0].extensions.stdout", equalTo("partial"))
                .body("errors[0].extensions.stderr", equalTo("boom"))
                .body("errors[0].extensions.cmd", equalTo(List.of("fail", "now")));
        // expect: ANY turns the failure into a result
        JsonPath any = data("{ container { from(address: \"alpine\") { withExec(args: [\"fail\"], expect: ANY) "
                + "{ exitCode stderr } } } }");
        assertEquals(3, any.getInt("data.container.from.withExec.exitCode"));
        assertEquals("boom", any.getString("data.container.from.withExec.stderr"));
    }

    @Test
    void validationErrorsNameTheFieldAndReason() {
        query("{ container { from(address: \"alpine\") { withExposedPort(port: 70000) { id } } } }")
                .statusCode(200)
                .body("errors[0].message", equalTo("withExposedPort.port: must be between 1 and 65535, got 70000"))
                .body("errors[0].extensions.code", equalTo("VALIDATION_ERROR"))
                .body("errors[0].extensions.field", equalTo("withExposedPort.port"))
                .body("errors[0].path", equalTo(List.of("container", "from", "withExposedPort")));
        query("{ container { withExec(args: [\"true\"]) { id } } }")
                .body("errors[0].message", containsString("call from(address) first"));
    }

    @Test
    void badIdsGetClearErrors() {
        String id = data("{ container { from(address: \"alpine\") { id } } }").getString("data.container.from.id");
        for (String bad : List.of("", "garbage", id.substring(0, id.length() - 3), id + "x",
                id.replace("berth1.", "berth1.A"), "berth1.AAAA.AAAA")) {
            query("{ node(id: \"" + bad + "\") { id } }").statusCode(200)
                    .body("errors[0].message", startsWith("invalid ID: "))
                    .body("errors[0].extensions.code", equalTo("INVALID_ID"))
                    .body("errors[0].path", equalTo(List.of("node")));
        }
        query("{ loadServiceFromID(id: \"" + id + "\") { hostname } }")
                .body("errors[0].message", containsString("expected a Service ID, got a Container ID"));
        query("{ container { from(address: \"alpine\") { withServiceBinding(alias: \"db\", service: \"" + id
                + "\") { id } } } }").body("errors[0].message", containsString("expected a Service ID"));
    }

    @Test
    void idsOfOneSessionDoNotWorkInAnother() {
        String id = data("{ container { from(address: \"alpine\") { id } } }").getString("data.container.from.id");
        String otherToken = given().header("Authorization", "Bearer " + BOOTSTRAP).when().post("/sessions")
                .then().statusCode(201).extract().jsonPath().getString("token");
        given().auth().preemptive().basic(otherToken, "").contentType("application/json")
                .body(Map.of("query", "{ node(id: \"" + id + "\") { id } }"))
                .when().post("/query").then().statusCode(200)
                .body("errors[0].extensions.code", equalTo("INVALID_ID"))
                .body("errors[0].message", containsString("another session"));
    }

    @Test
    void notYetSupportedFeaturesSaySo() {
        // A host service is a content-addressed service like any other ...
        query("{ host { service(ports: [{backend: 3306}]) { hostname } } }")
                .body("data.host.service.hostname", org.hamcrest.Matchers.matchesPattern("b[a-z2-7]{31}"));
        // ... but reaching the user's machine needs berth run's session channel, which this session lacks.
        String svc = data("{ container { from(address: \"redis\") { withExposedPort(port: 6379) { asService { id } } } } }")
                .getString("data.container.from.withExposedPort.asService.id");
        query("{ node(id: \"" + svc + "\") { ... on Service { up(ports: [{backend: 6379, frontend: 6379}]) } } }")
                .body("errors[0].extensions.code", equalTo("ENGINE_ERROR"))
                .body("errors[0].message", containsString("needs the berth process on your machine"));
        query("{ container { from(address: \"alpine\") { withExec(args: [\"cat\"], insecureRootCapabilities: true) "
                + "{ id } } } }")
                .body("errors[0].message", containsString("withExec.insecureRootCapabilities is not supported"));
    }

    @Test
    void syntaxAndSchemaErrorsAreGraphQLErrors() {
        query("{ container { nope } }").statusCode(200).body("errors[0].message", notNullValue());
        ValidatableResponse r = query("{ container {");
        r.statusCode(200).body("errors.message", hasItem(containsString("Invalid syntax")));
    }

    // ---- helpers --------------------------------------------------------------------------

    private ValidatableResponse query(String query) {
        return new SessionQueries(token).query(query);
    }

    private JsonPath data(String query) {
        return new SessionQueries(token).data(query);
    }
}
