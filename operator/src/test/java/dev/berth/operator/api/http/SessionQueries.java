package dev.berth.operator.api.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;

/** GraphQL requests to {@code /query} as a session's client sends them (token as the Basic user name). */
record SessionQueries(String token) {

    /** A new session's client (opened with the bootstrap credential). */
    static SessionQueries open() {
        return new SessionQueries(given().header("Authorization", "Bearer " + ApiHttpTest.BOOTSTRAP)
                .when().post("/sessions").then().statusCode(201).extract().jsonPath().getString("token"));
    }

    ValidatableResponse query(String query) {
        return given().auth().preemptive().basic(token, "").contentType("application/json")
                .body(Map.of("query", query)).when().post("/query").then();
    }

    /** The answer of a query that must succeed: 200 and no GraphQL errors. */
    JsonPath data(String query) {
        JsonPath json = query(query).statusCode(200).extract().jsonPath();
        List<Object> errors = json.getList("errors");
        assertFalse(errors != null && !errors.isEmpty(), () -> query + " -> " + json.prettify());
        return json;
    }
}
