package dev.berth.cli.channel;

import java.io.IOException;

/** The API has no session channel (an operator older than the endpoint answers 404). */
public final class ChannelUnavailableException extends IOException {

    public ChannelUnavailableException(String message) {
        super(message);
    }
}
