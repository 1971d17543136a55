package dev.berth.engine.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** A SHA-256 digest of a value's canonical form. */
public final class Digest {

    private static final String ALGORITHM = "SHA-256";

    private final byte[] bytes;

    private Digest(byte[] bytes) {
        this.bytes = bytes;
    }

    static Digest sha256(byte[] data) {
        try {
            return new Digest(MessageDigest.getInstance(ALGORITHM).digest(data));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException(e);
        }
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** Lowercase RFC 4648 base32 without padding (52 characters). */
    public String base32() {
        return Base32.encode(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Digest && Arrays.equals(bytes, ((Digest) other).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** OCI spelling, e.g. {@code sha256:ba78...}. */
    @Override
    public String toString() {
        return "sha256:" + hex();
    }
}
