package dev.berth.sdk;

import dev.berth.sdk.exception.DaggerQueryException;
import jakarta.json.JsonObject;
import java.util.concurrent.ExecutionException;

/** Sends one GraphQL document and returns its {@code data}; errors become exceptions. */
public interface Transport extends AutoCloseable {

    JsonObject query(String document) throws ExecutionException, InterruptedException, DaggerQueryException;

    @Override
    default void close() {
    }
}
