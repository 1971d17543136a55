package dev.berth.operator.api.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.operator.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class IdCodecTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private final IdCodec codec = new IdCodec(SECRET);
    private final ObjectNode recipe = new ObjectMapper().createObjectNode().put("t", "Container").put("x", "hello");

    @Test
    void roundTrips() {
        String id = codec.encode("s1", recipe);
        assertTrue(id.startsWith(IdCodec.PREFIX), id);
        assertTrue(id.matches("[A-Za-z0-9._-]+"), "URL-safe: " + id);
        JsonNode back = codec.decode("s1", id);
        assertEquals(recipe, back);
    }

    @Test
    void sameValueSameId() {
        assertEquals(codec.encode("s1", recipe), codec.encode("s1", recipe.deepCopy()));
    }

    @Test
    void refusesAnIdOfAnotherSession() {
        String id = codec.encode("s1", recipe);
        assertInvalid(() -> codec.decode("s2", id), "issued to another session");
    }

    @Test
    void refusesAnIdSignedWithAnotherSecret() {
        IdCodec other = new IdCodec("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8));
        String forged = other.encode("s1", recipe);
        assertInvalid(() -> codec.decode("s1", forged), "forged");
    }

    @Test
    void refusesAnEditedPayload() {
        String id = codec.encode("s1", recipe);
        String[] parts = id.substring(IdCodec.PREFIX.length()).split("\\.");
        byte[] payload = Base64.getUrlDecoder().decode(parts[0]);
        payload[payload.length / 2] ^= 1;
        String edited = IdCodec.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(payload) + "." + parts[1];
        assertInvalid(() -> codec.decode("s1", edited), "altered");
    }

    @Test
    void refusesAForgedPayloadWithAnOldSignature() {
        String id = codec.encode("s1", recipe);
        String signature = id.substring(id.lastIndexOf('.') + 1);
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"t\":\"Container\"}".getBytes(StandardCharsets.UTF_8));
        assertInvalid(() -> codec.decode("s1", IdCodec.PREFIX + payload + "." + signature), "signature does not match");
    }

    @Test
    void refusesTruncatedIds() {
        String id = codec.encode("s1", recipe);
        for (int cut = 1; cut < id.length(); cut++) {
            String truncated = id.substring(0, cut);
            ApiException e = assertThrows(ApiException.class, () -> codec.decode("s1", truncated), truncated);
            assertEquals(ApiException.INVALID_ID, e.code());
        }
    }

    @Test
    void refusesGarbage() {
        assertInvalid(() -> codec.decode("s1", ""), "empty");
        assertInvalid(() -> codec.decode("s1", null), "empty");
        assertInvalid(() -> codec.decode("s1", "hello"), "not a Berth ID");
        assertInvalid(() -> codec.decode("s1", "berth1.!!!.???"), "not base64url");
        assertInvalid(() -> codec.decode("s1", "berth1.a.b.c"), "truncated or malformed");
        assertInvalid(() -> codec.decode("s1", "berth1.abc"), "truncated or malformed");
        assertInvalid(() -> codec.decode("s1", "berth1.abcd.abcd"), "signature has 3 bytes");
        assertInvalid(() -> codec.decode("s1", "x".repeat(IdCodec.MAX_ID_CHARS + 1)), "longer than");
    }

    @Test
    void refusesShortSecrets() {
        assertThrows(IllegalArgumentException.class, () -> new IdCodec(new byte[8]));
    }

    private static void assertInvalid(org.junit.jupiter.api.function.Executable call, String expected) {
        ApiException e = assertThrows(ApiException.class, call);
        assertEquals(ApiException.INVALID_ID, e.code());
        assertTrue(e.getMessage().contains(expected), "message \"" + e.getMessage() + "\" should contain \"" + expected + "\"");
    }

    @Test
    void secretDigestIsKeyedPerSessionAndNameAndNeverThePlainHash() {
        String d = codec.secretDigest("s1", "pw", "1234");
        assertTrue(d.matches("[a-z2-7]{52}"), d);
        assertEquals(d, codec.secretDigest("s1", "pw", "1234"));
        assertTrue(!d.equals(codec.secretDigest("s2", "pw", "1234")), "another session, another digest");
        assertTrue(!d.equals(codec.secretDigest("s1", "pw", "1235")));
        assertTrue(!d.equals(codec.secretDigest("s1", "pw2", "1234")));
        // Unambiguous framing: moving a character from the name into the value changes the digest.
        assertTrue(!codec.secretDigest("s1", "pw1", "234").equals(d.isEmpty() ? "" : codec.secretDigest("s1", "pw", "1234")));
        // Another key cannot reproduce it: guessing a low-entropy value needs the operator's key.
        assertTrue(!d.equals(new IdCodec("another-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8))
                .secretDigest("s1", "pw", "1234")));
    }
}
