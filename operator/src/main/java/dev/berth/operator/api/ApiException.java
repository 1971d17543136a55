package dev.berth.operator.api;

import java.util.Map;

/**
 * An API request was refused for a reason the client can act on; {@link #code()} becomes the
 * {@code code} extension of the GraphQL error.
 */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public static final String INVALID_ID = "INVALID_ID";
    public static final String NOT_SUPPORTED = "NOT_SUPPORTED";
    public static final String INVALID_ARGUMENT = "INVALID_ARGUMENT";

    private final String code;
    private final transient Map<String, Object> extensions;

    public ApiException(String code, String message) {
        this(code, message, Map.of());
    }

    public ApiException(String code, String message, Map<String, Object> extensions) {
        super(message);
        this.code = code;
        this.extensions = Map.copyOf(extensions);
    }

    public String code() {
        return code;
    }

    /** Extra error extensions besides {@code code}. */
    public Map<String, Object> extensions() {
        return extensions;
    }

    public static ApiException invalidId(String message) {
        return new ApiException(INVALID_ID, message);
    }

    /** {@code what} is the API element, e.g. {@code Service.up} or {@code withExec.stdin}. */
    public static ApiException notSupported(String what, String why) {
        return new ApiException(NOT_SUPPORTED, what + " is not supported by Berth yet" + (why.isEmpty() ? "" : ": " + why),
                Map.of("field", what));
    }
}
