package dev.berth.sdk;

import dev.berth.sdk.exception.DaggerQueryException;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/** GraphQL literals for argument values, and Java values from results. */
public final class Values {

    private Values() {
    }

    static void render(Object value, StringBuilder out)
            throws ExecutionException, InterruptedException, DaggerQueryException {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            quote(s, out);
        } else if (value instanceof Scalar s) {
            quote(s.convert(), out);
        } else if (value instanceof IdProvider<?> object) {
            quote(object.id().convert(), out);
        } else if (value instanceof Enum<?> e) {
            out.append(e.name());
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                render(list.get(i), out);
            }
            out.append(']');
        } else if (value instanceof InputValue input) {
            out.append('{');
            String separator = "";
            for (Map.Entry<String, Object> field : input.fields().entrySet()) {
                out.append(separator).append(field.getKey()).append(':');
                render(field.getValue(), out);
                separator = ",";
            }
            out.append('}');
        } else {
            throw new IllegalArgumentException("no GraphQL literal for a " + value.getClass().getName());
        }
    }

    /** A GraphQL string literal; its escapes are JSON's. */
    static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    // ---- results ----------------------------------------------------------------------------

    public static String string(JsonValue value) {
        return value instanceof JsonString s ? s.getString() : null;
    }

    public static Integer integer(JsonValue value) {
        return value instanceof JsonNumber n ? n.intValue() : null;
    }

    public static Double number(JsonValue value) {
        return value instanceof JsonNumber n ? n.doubleValue() : null;
    }

    public static Boolean bool(JsonValue value) {
        if (value == JsonValue.TRUE) {
            return true;
        }
        return value == JsonValue.FALSE ? false : null;
    }

    public static <E extends Enum<E>> E enumValue(Class<E> type, JsonValue value) {
        String name = string(value);
        return name == null ? null : Enum.valueOf(type, name);
    }

    public static <S extends Scalar> S scalar(Function<String, S> type, JsonValue value) {
        String s = string(value);
        return s == null ? null : type.apply(s);
    }

    public static <T> List<T> list(JsonValue value, Function<JsonValue, T> element) {
        if (!(value instanceof JsonArray array)) {
            return null;
        }
        List<T> result = new ArrayList<>(array.size());
        for (JsonValue v : array) {
            result.add(element.apply(v));
        }
        return java.util.Collections.unmodifiableList(result);
    }
}
