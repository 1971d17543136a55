package dev.berth.operator.api.ids;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.model.Base32;
import dev.berth.operator.api.ApiException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, self-validating object IDs: {@code berth1.<payload>.<mac>}, both base64url without
 * padding. The payload is the deflated JSON recipe of the object; the MAC is HMAC-SHA256 over the
 * session id and the payload with a secret only the operator knows. So an ID is only accepted by
 * the session it was issued to, and any change to it (truncation, edits, forgery) is detected
 * before its content is even inflated.
 */
public final class IdCodec {

    public static final String PREFIX = "berth1.";
    /** Longest ID accepted, and most bytes a payload may inflate to: bounds work on hostile input. */
    public static final int MAX_ID_CHARS = 4 * 1024 * 1024;
    public static final int MAX_RECIPE_BYTES = 16 * 1024 * 1024;

    private static final String MAC_ALGORITHM = "HmacSHA256";
    private static final int MAC_BYTES = 32;
    private static final byte[] DOMAIN = "berth-object-id-v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SECRET_DOMAIN = "berth-secret-v1".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretKeySpec key;

    public IdCodec(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the ID secret must have at least 32 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), MAC_ALGORITHM);
    }

    public String encode(String sessionId, JsonNode recipe) {
        byte[] payload;
        try {
            payload = deflate(JSON.writeValueAsBytes(recipe));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize a recipe", e);
        }
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return PREFIX + b64.encodeToString(payload) + "." + b64.encodeToString(mac(sessionId, payload));
    }

    /**
     * The recipe inside an ID issued to {@code sessionId}.
     *
     * @throws ApiException with code {@code INVALID_ID} and a message saying what is wrong
     */
    public JsonNode decode(String sessionId, String id) {
        if (id == null || id.isEmpty()) {
            throw invalid("the ID is empty");
        }
        if (id.length() > MAX_ID_CHARS) {
            throw invalid("the ID is longer than " + MAX_ID_CHARS + " characters");
        }
        if (!id.startsWith(PREFIX)) {
            throw invalid("\"" + abbreviate(id) + "\" is not a Berth ID (Berth IDs start with \"" + PREFIX
                    + "\"; IDs of a Dagger engine do not work here)");
        }
        String rest = id.substring(PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot < 0 || rest.indexOf('.', dot + 1) >= 0) {
            throw invalid("the ID is truncated or malformed (expected " + PREFIX + "<payload>.<signature>)");
        }
        byte[] payload;
        byte[] mac;
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            payload = b64.decode(rest.substring(0, dot));
            mac = b64.decode(rest.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw invalid("the ID is malformed: not base64url");
        }
        if (mac.length != MAC_BYTES) {
            throw invalid("the ID is truncated or malformed: its signature has " + mac.length + " bytes, not " + MAC_BYTES);
        }
        if (!MessageDigest.isEqual(mac, mac(sessionId, payload))) {
            throw invalid("the ID's signature does not match: it was altered, truncated or forged, or it was "
                    + "issued to another session or by an earlier run of the operator");
        }
        try {
            return JSON.readTree(inflate(payload));
        } catch (IOException | DataFormatException e) {
            // Signed by us yet unreadable: only a bug or a changed format can get here.
            throw invalid("the ID's content cannot be read (" + e.getMessage() + ")");
        }
    }

    /**
     * The digest naming a secret value of a session: HMAC-SHA256, with the operator's ID key, over
     * the session, the secret's name and its value. Without the key nobody can test guesses of a
     * (possibly low-entropy) value against it, and the same value has unrelated digests in two
     * sessions. Lowercase base32, 52 characters.
     */
    public String secretDigest(String sessionId, String name, String plaintext) {
        try {
            Mac m = Mac.getInstance(MAC_ALGORITHM);
            m.init(key);
            m.update(SECRET_DOMAIN);
            for (String part : new String[] {sessionId, name, plaintext}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                m.update(java.nio.ByteBuffer.allocate(8).putLong(bytes.length).array());
                m.update(bytes);
            }
            return Base32.encode(m.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required on every Java platform", e);
        }
    }

    private byte[] mac(String sessionId, byte[] payload) {
        try {
            Mac m = Mac.getInstance(MAC_ALGORITHM);
            m.init(key);
            m.update(DOMAIN);
            m.update((byte) 0);
            m.update(sessionId.getBytes(StandardCharsets.UTF_8));
            m.update((byte) 0);
            return m.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required on every Java platform", e);
        }
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 2));
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] inflate(byte[] data) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length * 3));
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("unexpected end of data");
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_RECIPE_BYTES) {
                    throw new DataFormatException("content larger than " + MAX_RECIPE_BYTES + " bytes");
                }
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }

    private static String abbreviate(String id) {
        String shown = id.length() > 40 ? id.substring(0, 40) + "..." : id;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    private static ApiException invalid(String reason) {
        return ApiException.invalidId("invalid ID: " + reason);
    }
}
