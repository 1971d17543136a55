package dev.berth.engine.k8s.host;

import dev.berth.engine.model.PortForward;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Ports of a service listened on by the {@code berth} process; {@link #close()} stops listening. */
public interface Exposure extends AutoCloseable {

    /** Where the {@code berth} process listens, e.g. 127.0.0.1. */
    String address();

    /** The ports as bound: every frontend is the actual port (none is 0). */
    List<PortForward> ports();

    /** Completes with the reason when the exposure ends without {@link #close()} (the channel closed). */
    CompletionStage<String> lost();

    @Override
    void close();
}
