package dev.berth.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Base32Test {

    /** RFC 4648 section 10 test vectors, lowercased and without padding. */
    @ParameterizedTest
    @CsvSource(value = {
        "'', ''",
        "f, my",
        "fo, mzxq",
        "foo, mzxw6",
        "foob, mzxw6yq",
        "fooba, mzxw6ytb",
        "foobar, mzxw6ytboi",
    })
    void encodesRfc4648Vectors(String input, String expected) {
        assertEquals(expected, Base32.encode(input.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void usesOnlyTheLowercaseAlphabet() {
        assertEquals("aaaaa", Base32.encode(new byte[] {0, 0, 0}));
        // 24 bits make 4 full characters; the fifth carries 4 bits padded with a zero bit.
        assertEquals("77776", Base32.encode(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}));
    }
}
