package dev.berth.engine.model;

import java.util.regex.Pattern;

/**
 * A reference to a secret value of one session: the user's name for it and a keyed digest of
 * it. The value itself is never part of the model (nor of any ID, spec or status): it is kept in
 * the session's Kubernetes Secret {@link #kubeName()}, and pods get it from there.
 *
 * @param name   the name given to {@code setSecret}
 * @param digest lowercase base32 (52 characters) of a keyed HMAC over the session, the name and the
 *               value, computed by the API: equal values in one session share it, yet it tells
 *               nothing about the value to anyone without the operator's key
 */
public record Secret(String name, String digest) {

    /** Prefix of the Kubernetes Secrets that hold secret values. */
    public static final String KUBE_PREFIX = "berth-secret-";
    /** The key of the value in those Kubernetes Secrets. */
    public static final String KUBE_KEY = "value";
    /** Dagger's limit on a secret's plaintext. */
    public static final int MAX_PLAINTEXT_BYTES = 128_000;

    private static final Pattern DIGEST = Pattern.compile("[a-z2-7]{52}");

    public Secret {
        Checks.notNull(name, "setSecret.name");
        if (name.isEmpty()) {
            throw new ValidationException("setSecret.name", "must not be empty");
        }
        if (digest == null || !DIGEST.matcher(digest).matches()) {
            throw new ValidationException("secret", "malformed secret digest");
        }
    }

    /** The Kubernetes Secret (in the session's namespace) holding the value under {@link #KUBE_KEY}. */
    public String kubeName() {
        return KUBE_PREFIX + digest;
    }

    void writeTo(CanonicalWriter out) {
        out.type("berth.dev/Secret/v1").field("name").string(name).field("digest").string(digest);
    }
}
