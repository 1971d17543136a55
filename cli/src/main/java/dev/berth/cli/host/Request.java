package dev.berth.cli.host;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Typed reading of one channel request; a missing or bad field fails naming the field. */
final class Request {

    /** A request the agent cannot act on; the message goes back to the engine as it is. */
    static final class BadRequestException extends IllegalArgumentException {
        BadRequestException(String message) {
            super(message);
        }
    }

    private final JsonNode json;
    private final String type;

    Request(JsonNode json) {
        this.json = json;
        this.type = json.path("type").asText("");
    }

    String type() {
        return type;
    }

    String text(String field) {
        JsonNode value = json.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new BadRequestException(type + " request: field '" + field + "' must be a non-empty string");
        }
        return value.asText();
    }

    /** An optional string (missing, null or empty: null). */
    String optionalText(String field) {
        JsonNode value = json.path(field);
        if (value.isMissingNode() || value.isNull() || (value.isTextual() && value.asText().isEmpty())) {
            return null;
        }
        if (!value.isTextual()) {
            throw new BadRequestException(type + " request: field '" + field + "' must be a string");
        }
        return value.asText();
    }

    /** An optional array of strings (missing or null: empty). */
    List<String> strings(String field) {
        JsonNode value = json.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new BadRequestException(type + " request: field '" + field + "' must be an array of strings");
        }
        List<String> strings = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new BadRequestException(type + " request: field '" + field + "' must be an array of strings");
            }
            strings.add(item.asText());
        }
        return strings;
    }

    /** An optional boolean (missing or null: false). */
    boolean flag(String field) {
        JsonNode value = json.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new BadRequestException(type + " request: field '" + field + "' must be true or false");
        }
        return value.asBoolean();
    }

    /** {@code kind}: true for "directory", false for "file". */
    boolean directoryKind() {
        String kind = text("kind");
        return switch (kind) {
            case "directory" -> true;
            case "file" -> false;
            default -> throw new BadRequestException(type + " request: field 'kind' must be \"directory\" or "
                    + "\"file\", got \"" + kind + "\"");
        };
    }

    int port(String field, boolean zeroAllowed) {
        return port(json, field, zeroAllowed);
    }

    /** {@code ports: [{frontend, backend}]}, at least one; frontend 0 means "any free port". */
    List<PortMapping> ports() {
        JsonNode ports = json.path("ports");
        if (!ports.isArray() || ports.isEmpty()) {
            throw new BadRequestException(type + " request: field 'ports' must be a non-empty array");
        }
        List<PortMapping> mappings = new ArrayList<>();
        for (JsonNode port : ports) {
            mappings.add(new PortMapping(port(port, "frontend", true), port(port, "backend", false)));
        }
        return mappings;
    }

    private int port(JsonNode node, String field, boolean zeroAllowed) {
        JsonNode value = node.path(field);
        int min = zeroAllowed ? 0 : 1;
        if (!value.canConvertToInt() || value.asInt() < min || value.asInt() > 65535) {
            throw new BadRequestException(type + " request: field '" + field + "' must be a port number ("
                    + min + "-65535), got " + value);
        }
        return value.asInt();
    }
}
