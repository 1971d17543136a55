package dev.berth.operator.api.graphql;

import com.fasterxml.jackson.databind.node.ObjectNode;

public record HostObject(ObjectNode recipe) implements ApiObject {

    @Override
    public String typeName() {
        return "Host";
    }
}
