package dev.berth.sdk;

import dev.berth.sdk.exception.DaggerQueryException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * A call chain from the root of the API: a list of (field, arguments). Building a pipeline only
 * extends the chain; a leaf call renders it to one document and sends it ({@link #execute()}).
 * Immutable, so a chain can be shared and branched.
 */
public final class QueryBuilder {

    private record Selection(String field, Map<String, Object> arguments) {
    }

    private final Transport transport;
    private final List<Selection> chain;

    private QueryBuilder(Transport transport, List<Selection> chain) {
        this.transport = transport;
        this.chain = chain;
    }

    public static QueryBuilder startOn(Transport transport) {
        return new QueryBuilder(transport, List.of());
    }

    /** The root of the API on the same connection (to load objects from their IDs). */
    public QueryBuilder root() {
        return new QueryBuilder(transport, List.of());
    }

    public QueryBuilder chain(String field) {
        return chain(field, Map.of());
    }

    public QueryBuilder chain(String field, Arguments arguments) {
        return chain(field, arguments.values());
    }

    private QueryBuilder chain(String field, Map<String, Object> arguments) {
        List<Selection> longer = new ArrayList<>(chain);
        longer.add(new Selection(field, new LinkedHashMap<>(arguments)));
        return new QueryBuilder(transport, List.copyOf(longer));
    }

    /**
     * The document of this chain, e.g. {@code query{container{from(address:"python"){stdout}}}}.
     * Objects among the arguments are replaced by their IDs, one query each.
     */
    public String render() throws ExecutionException, InterruptedException, DaggerQueryException {
        StringBuilder document = new StringBuilder("query");
        for (Selection selection : chain) {
            document.append('{').append(selection.field());
            if (!selection.arguments().isEmpty()) {
                document.append('(');
                String separator = "";
                for (Map.Entry<String, Object> argument : selection.arguments().entrySet()) {
                    document.append(separator).append(argument.getKey()).append(':');
                    Values.render(argument.getValue(), document);
                    separator = ",";
                }
                document.append(')');
            }
        }
        document.append("}".repeat(chain.size()));
        return document.toString();
    }

    /** Sends the chain as one query and returns the value at its end (an array for lists). */
    public JsonValue execute() throws ExecutionException, InterruptedException, DaggerQueryException {
        JsonValue value = transport.query(render());
        for (Selection selection : chain) {
            value = select(value, selection.field());
        }
        return value;
    }

    private static JsonValue select(JsonValue value, String field) {
        if (value instanceof JsonArray array) {
            return array.stream().map(element -> select(element, field)).collect(jakarta.json.Json::createArrayBuilder,
                    jakarta.json.JsonArrayBuilder::add, jakarta.json.JsonArrayBuilder::addAll).build();
        }
        if (value instanceof JsonObject object) {
            return object.getOrDefault(field, JsonValue.NULL);
        }
        return JsonValue.NULL;
    }
}
