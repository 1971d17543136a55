package dev.berth.cli.host;

import java.io.IOException;

/** A failure whose message is a whole sentence for the user (stderr and the engine's GraphQL error). */
final class UserFacingException extends IOException {

    UserFacingException(String message) {
        super(message);
    }
}
