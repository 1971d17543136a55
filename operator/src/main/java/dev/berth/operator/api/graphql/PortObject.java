package dev.berth.operator.api.graphql;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.model.ExposedPort;

/** An exposed port; its recipe holds the port itself rather than a call chain. */
public record PortObject(ExposedPort port, ObjectNode recipe) implements ApiObject {

    @Override
    public String typeName() {
        return "Port";
    }

    public static PortObject of(ExposedPort port) {
        ObjectNode recipe = Recipes.JSON.createObjectNode();
        recipe.put("t", "Port");
        ObjectNode value = recipe.putObject("v");
        value.put("port", port.port());
        value.put("protocol", port.protocol().name());
        value.put("description", port.description());
        value.put("experimentalSkipHealthcheck", port.experimentalSkipHealthcheck());
        return new PortObject(port, recipe);
    }
}
