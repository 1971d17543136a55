package dev.berth.operator.api.graphql;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.model.Secret;

/**
 * A secret: its recipe carries the value's reference ({@code {"t": "Secret", "v": {"name", "digest"}}})
 * instead of the {@code setSecret} call, so no ID ever holds the plaintext; the value is in the
 * session's Kubernetes Secret, written by {@code setSecret}.
 */
public record SecretObject(Secret model, ObjectNode recipe) implements ApiObject {

    @Override
    public String typeName() {
        return "Secret";
    }

    public static SecretObject of(Secret secret) {
        ObjectNode recipe = Recipes.JSON.createObjectNode();
        recipe.put("t", "Secret");
        ObjectNode value = recipe.putObject("v");
        value.put("name", secret.name());
        value.put("digest", secret.digest());
        return new SecretObject(secret, recipe);
    }
}
