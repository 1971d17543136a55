package dev.berth.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestTest {

    private static final String SHA256_OF_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void isSha256() {
        Digest digest = Digest.sha256("abc".getBytes(StandardCharsets.US_ASCII));
        assertEquals(SHA256_OF_ABC, digest.hex());
        assertEquals("sha256:" + SHA256_OF_ABC, digest.toString());
        assertEquals(52, digest.base32().length());
    }

    @Test
    void equalityIsByBytes() {
        Digest a = Digest.sha256(new byte[] {1});
        assertEquals(a, Digest.sha256(new byte[] {1}));
        assertEquals(a.hashCode(), Digest.sha256(new byte[] {1}).hashCode());
        assertNotEquals(a, Digest.sha256(new byte[] {2}));
    }

    @Test
    void bytesAreACopy() {
        Digest digest = Digest.sha256(new byte[] {1});
        byte[] bytes = digest.bytes();
        bytes[0] ^= 1;
        assertArrayEquals(Digest.sha256(new byte[] {1}).bytes(), digest.bytes());
    }
}
