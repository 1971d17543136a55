package dev.berth.cli.module;

/** A module function (or a chained verb) failed: its message is what the user reads, exit code 1. */
public final class FunctionFailedException extends Exception {

    public FunctionFailedException(String message) {
        super(message);
    }
}
