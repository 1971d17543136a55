package dev.berth.operator.api.graphql;

import dev.berth.operator.api.ApiException;
import dev.berth.operator.api.ids.IdCodec;
import dev.berth.operator.api.sessions.ApiSession;
import graphql.schema.DataFetchingEnvironment;
import java.util.concurrent.CompletionStage;

/**
 * What a request runs with: its session, the ID codec, and {@code cancelled}, completed when the
 * client's connection closes (what ends {@code up}). Kept in the GraphQL context.
 */
public record RequestContext(ApiSession session, IdCodec ids, CompletionStage<Void> cancelled) {

    static final String KEY = RequestContext.class.getName();

    static RequestContext of(DataFetchingEnvironment env) {
        return env.getGraphQlContext().get(KEY);
    }

    String idOf(ApiObject object) {
        return ids.encode(session.id(), object.recipe());
    }

    /** Loads an object from an ID issued to this session. */
    ApiObject load(Object id) {
        if (!(id instanceof String s)) {
            throw ApiException.invalidId("invalid ID: expected a string, got " + (id == null ? "null" : id.getClass().getSimpleName()));
        }
        return Recipes.replay(ids.decode(session.id(), s), session.daggerVersion());
    }

    <T extends ApiObject> T load(Object id, Class<T> type, String where) {
        ApiObject object = load(id);
        if (!type.isInstance(object)) {
            throw ApiException.invalidId(where + ": expected a " + type.getSimpleName().replace("Object", "")
                    + " ID, got a " + object.typeName() + " ID");
        }
        return type.cast(object);
    }
}
