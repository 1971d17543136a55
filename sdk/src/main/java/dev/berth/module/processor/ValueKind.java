package dev.berth.module.processor;

/**
 * The types a module function may take and return, as written in {@code module.json}; what
 * {@code berth call} can read from a flag or print (or chain on).
 */
public enum ValueKind {
    STRING, INT, LONG, BOOLEAN, DOUBLE, STRING_LIST, ENUM, SERVICE, CONTAINER, VOID;

    /** How users see the type in help and errors. */
    public String display() {
        return switch (this) {
            case STRING -> "String";
            case INT -> "int";
            case LONG -> "long";
            case BOOLEAN -> "boolean";
            case DOUBLE -> "double";
            case STRING_LIST -> "List<String>";
            case ENUM -> "enum";
            case SERVICE -> "Service";
            case CONTAINER -> "Container";
            case VOID -> "void";
        };
    }
}
