package dev.berth.cli.files;

import java.io.IOException;

/** A failed upload or export whose message is a whole sentence for the user (the script's GraphQL error). */
public final class TransferException extends IOException {

    public TransferException(String message) {
        super(message);
    }

    public TransferException(String message, Throwable cause) {
        super(message, cause);
    }
}
