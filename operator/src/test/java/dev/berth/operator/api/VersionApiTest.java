package dev.berth.operator.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Runs without a cluster: the %test profile keeps the operator from starting. */
@QuarkusTest
class VersionApiTest {

    @Test
    void versionQueryAnswersWithTheProjectVersion() {
        given().contentType("application/json")
                .body("{\"query\":\"{ version }\"}")
                .when().post("/query")
                .then().statusCode(200)
                .body("data.version", equalTo("0.1.0-SNAPSHOT"));
    }

    @Test
    void healthEndpointIsUp() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }
}
