package dev.berth.operator.api.graphql;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A value of one of the API's object types. Every object is an immutable value plus its
 * <em>recipe</em>: the chain of API calls that built it, like Dagger's call IDs. The recipe is what
 * an ID encodes; decoding an ID replays it through the same pure functions ({@link Calls}), so an
 * object loaded from an ID is validated exactly like one built by calls.
 */
public sealed interface ApiObject permits ApiObject.Root, ContainerObject, ServiceObject, CacheVolumeObject,
        PortObject, HostObject, TunnelObject, SecretObject, DirectoryObject, FileObject {

    /** The GraphQL type name, e.g. {@code Container}. */
    String typeName();

    /** {@code {"t": typeName, ...}}; never mutated once the object exists. */
    ObjectNode recipe();

    /** The Query root: the start of every call chain. */
    enum Root implements ApiObject {
        INSTANCE;

        @Override
        public String typeName() {
            return "Query";
        }

        @Override
        public ObjectNode recipe() {
            return Recipes.chain("Query", Recipes.emptyCalls());
        }
    }
}
