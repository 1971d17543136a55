package dev.berth.engine.model;

/**
 * Content-addressed service hostnames: the same definition gets the same name in every session,
 * like Dagger's. The name is used as the Kubernetes Service and pod name.
 */
public final class Hostnames {

    /**
     * Base32 may start with a digit (2-7), but a Kubernetes Service name is an RFC 1035 label
     * and must start with a letter; a fixed letter keeps every digest usable.
     */
    static final String PREFIX = "b";

    /**
     * 31 base32 characters keep 155 bits of the SHA-256 (collisions are not a practical concern)
     * while leaving room under the 63-character label limit for names derived from the hostname.
     */
    static final int DIGEST_CHARS = 31;

    /** Total length of every derived hostname. */
    public static final int LENGTH = PREFIX.length() + DIGEST_CHARS;

    private Hostnames() {
    }

    public static String of(Digest digest) {
        return PREFIX + digest.base32().substring(0, DIGEST_CHARS);
    }
}
