package dev.berth.sdk;

/** GraphQL's ID: an opaque identifier of an object; the typed IDs (ContainerID ...) extend it. */
public class ID extends Scalar {

    public ID(String value) {
        super(value);
    }
}
