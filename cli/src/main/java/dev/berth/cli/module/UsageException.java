package dev.berth.cli.module;

/** Bad input to {@code berth call}/{@code functions}: reported as one line, never a stack trace. */
public final class UsageException extends Exception {

    public UsageException(String message) {
        super(message);
    }
}
