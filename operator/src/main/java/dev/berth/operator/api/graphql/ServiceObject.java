package dev.berth.operator.api.graphql;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.model.Service;

public record ServiceObject(Service model, ObjectNode recipe) implements ApiObject {

    @Override
    public String typeName() {
        return "Service";
    }
}
