package dev.berth.sdk;

import dev.berth.sdk.exception.DaggerQueryException;
import java.util.concurrent.ExecutionException;

/** An object passed as an argument is sent as its ID, which costs one query. */
public interface IdProvider<T extends ID> {

    T id() throws ExecutionException, DaggerQueryException, InterruptedException;
}
