package dev.berth.operator.api.graphql;

import dev.berth.engine.model.ValidationException;
import dev.berth.operator.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Typed access to the arguments of one call ({@code call} is Dagger's field name, e.g.
 * {@code withExec}); null means "not given", and defaults are those of Dagger's schema.
 */
final class Args {

    private final String call;
    private final Map<String, Object> values;

    Args(String call, Map<String, Object> values) {
        this.call = call;
        this.values = values;
    }

    private String field(String name) {
        return call + "." + name;
    }

    String string(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new ValidationException(field(name), "is required");
        }
        if (!(value instanceof String s)) {
            throw new ValidationException(field(name), "must be a string");
        }
        return s;
    }

    String string(String name, String defaultValue) {
        return values.get(name) == null ? defaultValue : string(name);
    }

    boolean bool(String name, boolean defaultValue) {
        Object value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (!(value instanceof Boolean b)) {
            throw new ValidationException(field(name), "must be a boolean");
        }
        return b;
    }

    int integer(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new ValidationException(field(name), "is required");
        }
        if (!(value instanceof Integer i)) {
            throw new ValidationException(field(name), "must be an integer");
        }
        return i;
    }

    int integer(String name, int defaultValue) {
        return values.get(name) == null ? defaultValue : integer(name);
    }

    /** An optional integer: null when absent (Dagger's {@code permissions: Int} without default). */
    Integer optionalInteger(String name) {
        return values.get(name) == null ? null : integer(name);
    }

    List<String> strings(String name, List<String> defaultValue) {
        Object value = values.get(name);
        if (value == null) {
            if (defaultValue == null) {
                throw new ValidationException(field(name), "is required");
            }
            return defaultValue;
        }
        if (!(value instanceof List<?> list)) {
            throw new ValidationException(field(name), "must be a list of strings");
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw new ValidationException(field(name), "must be a list of strings");
            }
            out.add(s);
        }
        return out;
    }

    /** An enum argument: GraphQL hands enum values over by name. */
    <E extends Enum<E>> E enumValue(String name, Class<E> type, E defaultValue) {
        Object value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Enum.valueOf(type, value.toString());
        } catch (IllegalArgumentException e) {
            throw new ValidationException(field(name), "unknown " + type.getSimpleName() + " value " + value);
        }
    }

    /** An object argument, already loaded from its ID by the data fetcher or the replay. */
    <T extends ApiObject> T object(String name, Class<T> type) {
        Object value = values.get(name);
        if (value == null) {
            throw new ValidationException(field(name), "is required");
        }
        if (!type.isInstance(value)) {
            String got = value instanceof ApiObject o ? o.typeName() : value.getClass().getSimpleName();
            throw ApiException.invalidId(field(name) + ": expected a " + type.getSimpleName().replace("Object", "")
                    + " ID, got a " + got + " ID");
        }
        return type.cast(value);
    }

    /** Refuses an argument Berth does not implement unless it has its default (or is absent). */
    void unsupported(String name, Object defaultValue, String why) {
        Object value = values.get(name);
        if (value != null && !Objects.equals(value, defaultValue)) {
            throw ApiException.notSupported(field(name), why);
        }
    }

    /**
     * A {@code [PortForward!]} argument (absent: empty). UDP is refused as not supported: the
     * Kubernetes port-forward that carries the traffic is TCP only.
     */
    List<dev.berth.engine.model.PortForward> forwards(String name) {
        Object value = values.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new ValidationException(field(name), "must be a list of PortForward");
        }
        List<dev.berth.engine.model.PortForward> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> map) || !(map.get("backend") instanceof Integer backend)) {
                throw new ValidationException(field(name), "each PortForward needs a backend port");
            }
            Object protocol = map.get("protocol");
            if (protocol != null && !"TCP".equals(protocol.toString())) {
                throw ApiException.notSupported(field(name) + ".protocol", protocol + " ports cannot be forwarded: "
                        + "Kubernetes port-forward carries TCP only");
            }
            int frontend = map.get("frontend") instanceof Integer f ? f : 0;
            out.add(dev.berth.engine.model.PortForward.tcp(frontend, backend));
        }
        return out;
    }
}
