package dev.berth.sdk;

import java.util.Objects;

/** A custom scalar of the schema (an ID, a Platform): a string with a type. */
public abstract class Scalar {

    private final String value;

    protected Scalar(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The string the API sent or expects. */
    public String convert() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((Scalar) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
