package dev.berth.cli.host;

import java.io.IOException;

/** The API answered 404 for the pod: not created yet, or gone. */
public final class PodNotFoundException extends IOException {

    public PodNotFoundException(String message) {
        super(message);
    }
}
