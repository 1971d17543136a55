package dev.berth.operator.api.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.model.ExposedPort;
import dev.berth.engine.model.NetworkProtocol;
import dev.berth.engine.model.Secret;
import dev.berth.operator.api.ApiException;
import dev.berth.operator.api.sessions.DaggerVersion;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recipes: the JSON form of an object's call chain, and their replay.
 *
 * <pre>
 * {"t": "Container", "c": [{"f": "container", "a": {}}, {"f": "from", "a": {"address": "python"}}, ...]}
 * </pre>
 *
 * An argument that is itself an object (a bound service, a mounted cache) is written as
 * {@code {"$": <its recipe>}}. Ports carry their value ({@code "v"}) instead of calls.
 */
public final class Recipes {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Nesting limit for replay (objects inside arguments of objects ...). */
    static final int MAX_DEPTH = 64;
    private static final String OBJECT_ARG = "$";

    private Recipes() {
    }

    static ArrayNode emptyCalls() {
        return JSON.createArrayNode();
    }

    static ObjectNode chain(String type, ArrayNode calls) {
        ObjectNode recipe = JSON.createObjectNode();
        recipe.put("t", type);
        recipe.set("c", calls);
        return recipe;
    }

    /** The recipe of {@code receiver.field(args)} returning a {@code type}. */
    static ObjectNode extend(ApiObject receiver, String type, String field, Map<String, Object> args) {
        ArrayNode calls = receiver.recipe().has("c") ? ((ArrayNode) receiver.recipe().get("c")).deepCopy()
                : emptyCalls();
        ObjectNode call = calls.addObject();
        call.put("f", field);
        ObjectNode jsonArgs = call.putObject("a");
        args.forEach((name, value) -> jsonArgs.set(name, toJson(value)));
        return chain(type, calls);
    }

    private static JsonNode toJson(Object value) {
        if (value instanceof ApiObject object) {
            ObjectNode ref = JSON.createObjectNode();
            ref.set(OBJECT_ARG, object.recipe());
            return ref;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = JSON.createArrayNode();
            list.forEach(item -> array.add(toJson(item)));
            return array;
        }
        return JSON.valueToTree(value);
    }

    /**
     * Rebuilds the object a recipe describes by replaying its calls, with the meaning they have
     * for the session's client (its declared Dagger version).
     *
     * @throws ApiException          the recipe is not well-formed
     * @throws dev.berth.engine.model.ValidationException a call is refused by the model
     */
    public static ApiObject replay(JsonNode recipe, DaggerVersion client) {
        return replay(recipe, client, 0);
    }

    private static ApiObject replay(JsonNode recipe, DaggerVersion client, int depth) {
        if (depth > MAX_DEPTH) {
            throw corrupt("objects nested too deeply");
        }
        if (recipe == null || !recipe.isObject() || !recipe.path("t").isTextual()) {
            throw corrupt("no type");
        }
        String type = recipe.get("t").asText();
        if (type.equals("Port")) {
            return port(recipe.get("v"));
        }
        if (type.equals("Secret")) {
            return secret(recipe.get("v"));
        }
        if (type.equals("Directory")) {
            return directory(recipe.get("v"));
        }
        if (type.equals("File")) {
            return file(recipe.get("v"));
        }
        JsonNode calls = recipe.get("c");
        if (calls == null || !calls.isArray()) {
            throw corrupt("no calls");
        }
        ApiObject current = ApiObject.Root.INSTANCE;
        for (JsonNode call : calls) {
            if (!call.path("f").isTextual() || !call.path("a").isObject()) {
                throw corrupt("malformed call");
            }
            Map<String, Object> args = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = call.get("a").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> arg = fields.next();
                args.put(arg.getKey(), fromJson(arg.getValue(), client, depth));
            }
            current = Calls.apply(current, call.get("f").asText(), args, client);
        }
        if (!current.typeName().equals(type)) {
            throw corrupt("recipe of a " + type + " builds a " + current.typeName());
        }
        return current;
    }

    private static Object fromJson(JsonNode node, DaggerVersion client, int depth) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject() && node.has(OBJECT_ARG)) {
            return replay(node.get(OBJECT_ARG), client, depth + 1);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(fromJson(item, client, depth)));
            return list;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), fromJson(e.getValue(), client, depth)));
            return map;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.intValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        throw corrupt("unexpected value " + node.getNodeType());
    }

    private static PortObject port(JsonNode value) {
        if (value == null || !value.path("port").isInt() || !value.path("protocol").isTextual()) {
            throw corrupt("malformed port");
        }
        NetworkProtocol protocol;
        try {
            protocol = NetworkProtocol.valueOf(value.get("protocol").asText());
        } catch (IllegalArgumentException e) {
            throw corrupt("unknown protocol");
        }
        return PortObject.of(new ExposedPort(value.get("port").asInt(), protocol,
                value.path("description").asText(""), value.path("experimentalSkipHealthcheck").asBoolean(false)));
    }

    private static SecretObject secret(JsonNode value) {
        if (value == null || !value.path("name").isTextual() || !value.path("digest").isTextual()) {
            throw corrupt("malformed secret");
        }
        return SecretObject.of(new Secret(value.get("name").asText(), value.get("digest").asText()));
    }

    private static DirectoryObject directory(JsonNode value) {
        if (value == null || !dev.berth.engine.files.Blobs.isDigest(value.path("tree").asText(null))) {
            throw corrupt("malformed directory");
        }
        return DirectoryObject.of(value.get("tree").asText());
    }

    private static FileObject file(JsonNode value) {
        try {
            return FileObject.of(dev.berth.engine.files.TreeEntry.file(value.path("name").asText(""),
                    value.path("mode").asInt(-1), value.path("size").asLong(-1), value.path("blob").asText(null)));
        } catch (RuntimeException e) {
            throw corrupt("malformed file");
        }
    }

    private static ApiException corrupt(String detail) {
        return ApiException.invalidId("invalid ID: its content is not a Berth object (" + detail + ")");
    }
}
