package dev.berth.operator.api.graphql;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.model.CacheVolume;

public record CacheVolumeObject(CacheVolume model, ObjectNode recipe) implements ApiObject {

    @Override
    public String typeName() {
        return "CacheVolume";
    }
}
