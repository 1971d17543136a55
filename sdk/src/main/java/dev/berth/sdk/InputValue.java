package dev.berth.sdk;

import java.util.Map;

/** An input object of the schema (PortForward): its set fields, rendered as an object literal. */
public interface InputValue {

    Map<String, Object> fields();
}
