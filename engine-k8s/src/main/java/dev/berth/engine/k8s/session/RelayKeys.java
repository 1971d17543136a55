package dev.berth.engine.k8s.session;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Keys that let only the {@code berth} process attach tunnels to a host service's relay. */
final class RelayKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RelayKeys() {
    }

    static String newKey() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
