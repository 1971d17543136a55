package dev.berth.cli.host;

/** Short reasons for users, from exceptions that wrap the real one. */
final class Messages {

    private Messages() {
    }

    /** The innermost cause's message (the part a user can act on), or its type. */
    static String reason(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
