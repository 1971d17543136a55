package dev.berth.operator.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.operator.api.FakeGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.Inflater;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** setSecret, Secret and the Container secret fields over HTTP (the engine is {@link FakeGateway}). */
@QuarkusTest
class SecretApiTest {

    private static final String PLAINTEXT = "hunter2-s3cret";

    private SessionQueries client;
    private SessionQueries other;

    private static SessionQueries open() {
        JsonPath opened = given().header("Authorization", "Bearer " + ApiHttpTest.BOOTSTRAP)
                .when().post("/sessions").then().statusCode(201).extract().jsonPath();
        return new SessionQueries(opened.getString("token"));
    }

    @BeforeEach
    void openSessions() {
        client = open();
        other = open();
    }

    private String setSecret(SessionQueries session, String name, String value) {
        return session.data("{ setSecret(name: \"" + name + "\", plaintext: \"" + value + "\") { id } }")
                .getString("data.setSecret.id");
    }

    /** The recipe an ID carries, inflated: what anyone holding the ID could read. */
    private static String recipeOf(String id) throws Exception {
        String payload = id.substring("berth1.".length(), id.lastIndexOf('.'));
        Inflater inflater = new Inflater(true);
        inflater.setInput(Base64.getUrlDecoder().decode(payload));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!inflater.finished()) {
            out.write(buffer, 0, inflater.inflate(buffer));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void secretIdsCarryTheNameAndADigestButNeverTheValue() throws Exception {
        String secret = setSecret(client, "pw", PLAINTEXT);
        assertFalse(recipeOf(secret).contains(PLAINTEXT), recipeOf(secret));
        assertTrue(recipeOf(secret).contains("\"pw\""));
        String container = client.data("{ container { from(address: \"alpine\") { withSecretVariable(name: \"PW\", "
                + "secret: \"" + secret + "\") { withMountedSecret(path: \"/run/pw\", source: \"" + secret
                + "\", mode: 288) { id } } } } }")
                .getString("data.container.from.withSecretVariable.withMountedSecret.id");
        assertFalse(recipeOf(container).contains(PLAINTEXT));
        assertTrue(FakeGateway.CALLS.stream().noneMatch(c -> c.contains(PLAINTEXT)));
    }

    @Test
    void nameAndPlaintextAsDaggerAnswersThem() {
        String secret = setSecret(client, "pw", PLAINTEXT);
        JsonPath loaded = client.data("{ loadSecretFromID(id: \"" + secret + "\") { name plaintext uri } }");
        assertEquals("pw", loaded.getString("data.loadSecretFromID.name"));
        assertEquals(PLAINTEXT, loaded.getString("data.loadSecretFromID.plaintext"));
        assertEquals("", loaded.getString("data.loadSecretFromID.uri"));
        assertEquals("pw", client.data("{ setSecret(name: \"pw\", plaintext: \"x\") { name } }")
                .getString("data.setSecret.name"));
    }

    @Test
    void equalValuesShareAnIdWithinASessionButNotAcrossSessions() {
        assertEquals(setSecret(client, "pw", PLAINTEXT), setSecret(client, "pw", PLAINTEXT));
        String mine = setSecret(client, "pw", PLAINTEXT);
        other.query("{ loadSecretFromID(id: \"" + mine + "\") { plaintext } }").statusCode(200)
                .body("errors[0].extensions.code", equalTo("INVALID_ID"));
        other.query("{ container { from(address: \"alpine\") { withSecretVariable(name: \"PW\", secret: \"" + mine
                + "\") { id } } } }").statusCode(200)
                .body("errors[0].extensions.code", equalTo("INVALID_ID"));
    }

    @Test
    void secretVariableReachesTheEngineAndIsPartOfTheDefinition() {
        String a = setSecret(client, "pw", "one");
        String b = setSecret(client, "pw", "two");
        String q = "{ container { from(address: \"alpine\") { withSecretVariable(name: \"PW\", secret: \"%s\") {"
                + " withExec(args: [\"true\"]) { stdout } } } } }";
        int before = FakeGateway.CALLS.size();
        client.data(q.formatted(a));
        client.data(q.formatted(b));
        long execs = FakeGateway.CALLS.subList(before, FakeGateway.CALLS.size()).stream()
                .filter(c -> c.startsWith("exec ")).distinct().count();
        assertEquals(2, execs, "two values, two definitions");
        client.data("{ container { from(address: \"alpine\") { withSecretVariable(name: \"PW\", secret: \"" + a
                + "\") { withoutSecretVariable(name: \"PW\") { withExec(args: [\"true\"]) { stdout } } } } } }");
    }

    @Test
    void refusals() {
        String secret = setSecret(client, "pw", PLAINTEXT);
        client.query("{ container { from(address: \"alpine\") { withMountedSecret(path: \"/run/pw\", source: \"" + secret
                + "\", owner: \"1000:1000\") { id } } } }").statusCode(200)
                .body("errors[0].extensions.code", equalTo("VALIDATION_ERROR"))
                .body("errors[0].message", containsString("owner"));
        client.query("{ container { from(address: \"alpine\") { withMountedSecret(path: \"/run/pw\", source: \"" + secret
                + "\", mode: 4095) { id } } } }").statusCode(200)
                .body("errors[0].extensions.code", equalTo("VALIDATION_ERROR"));
        client.query("{ secret(uri: \"env://HOME\") { id } }").statusCode(200)
                .body("errors[0].extensions.code", equalTo("NOT_SUPPORTED"));
        client.query("{ container { from(address: \"alpine\") { withSecretVariable(name: \"PW\", secret: \""
                + client.data("{ container { id } }").getString("data.container.id") + "\") { id } } } }")
                .statusCode(200).body("errors[0].extensions.code", equalTo("INVALID_ID"));
        String big = "x".repeat(128_001);
        client.query("{ setSecret(name: \"big\", plaintext: \"" + big + "\") { id } }").statusCode(200)
                .body("errors[0].extensions.code", equalTo("VALIDATION_ERROR"));
    }
}
