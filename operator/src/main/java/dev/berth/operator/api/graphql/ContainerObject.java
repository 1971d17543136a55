package dev.berth.operator.api.graphql;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.ValidationException;
import java.util.Optional;

/**
 * A container definition. {@code model} is empty for {@code container} before {@code from}: the
 * engine's model always starts from an image.
 */
public record ContainerObject(Optional<Container> model, ObjectNode recipe) implements ApiObject {

    @Override
    public String typeName() {
        return "Container";
    }

    /** The definition, or a validation error naming the call that needed it. */
    public Container require(String call) {
        return model.orElseThrow(() -> new ValidationException(call,
                "the container has no image yet: call from(address) first (Berth containers start from an image)"));
    }
}
