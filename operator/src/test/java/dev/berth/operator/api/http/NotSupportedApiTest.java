package dev.berth.operator.api.http;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.operator.api.FakeGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The part of Dagger's schema Berth does not serve is declared, and answers NOT_SUPPORTED naming
 * the field, instead of a validation error about an unknown field; nothing runs for such a query.
 */
@QuarkusTest
class NotSupportedApiTest {

    private SessionQueries client;

    @BeforeEach
    void openSession() {
        client = SessionQueries.open();
    }

    @Test
    void aFieldThatNeedsARegistrySaysSo() {
        int before = FakeGateway.CALLS.size();
        client.query("{ container { from(address: \"alpine\") { withExec(args: [\"true\"]) "
                + "{ publish(address: \"registry.example/app:1\") } } } }")
                .statusCode(200)
                .body("errors[0].extensions.code", equalTo("NOT_SUPPORTED"))
                .body("errors[0].extensions.field", equalTo("Container.publish"))
                .body("errors[0].message", containsString("Container.publish is not supported by Berth yet"))
                .body("errors[0].message", containsString("image registry"))
                .body("errors[0].path[3]", equalTo("publish"));
        assertEquals(before, FakeGateway.CALLS.size(), "nothing ran for a query that cannot be answered");
    }

    @Test
    void aWholeTypeBerthLacksIsDeclaredAndItsFieldsAnswerNotSupported() {
        client.query("{ git(url: \"https://example.com/repo.git\") { head { tree { entries } } } }")
                .statusCode(200)
                .body("errors[0].extensions.code", equalTo("NOT_SUPPORTED"))
                .body("errors[0].extensions.field", equalTo("Query.git"))
                .body("data.git", nullValue());
        client.query("{ container { from(address: \"alpine\") { terminal { id } } } }")
                .body("errors[0].extensions.field", equalTo("Container.terminal"));
    }

    @Test
    void introspectionDescribesAnUnsupportedField() {
        JsonPath type = client.data("{ __type(name: \"Container\") { fields { name description } interfaces { name } } }");
        assertEquals(java.util.List.of("Exportable", "Node", "Syncer"),
                type.getList("data.__type.interfaces.name").stream().sorted().toList());
        String publish = type.getString("data.__type.fields.find { it.name == 'publish' }.description");
        assertEquals(true, publish.startsWith("Not supported by Berth: it needs an image registry"), publish);
        String withExec = type.getString("data.__type.fields.find { it.name == 'withExec' }.description");
        assertEquals(false, withExec == null || withExec.startsWith("Not supported"), withExec);
    }
}
