package dev.berth.sdk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The arguments of one field, in the order they are set; unset optional arguments are left out. */
public final class Arguments {

    private final Map<String, Object> values = new LinkedHashMap<>();

    public static Arguments newArguments() {
        return new Arguments();
    }

    /** Sets an argument; a null value leaves it out, so the server's default applies. */
    public Arguments put(String name, Object value) {
        if (value != null) {
            values.put(name, value);
        }
        return this;
    }

    Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }
}
