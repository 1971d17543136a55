package dev.berth.engine.model;

/**
 * A named cache that outlives sessions; the key alone identifies it, as in Dagger's
 * {@code cacheVolume(key)}.
 */
public record CacheVolume(String key) implements ContentAddressed {

    public CacheVolume {
        Checks.notBlank(key, "cacheVolume.key");
    }

    public static CacheVolume of(String key) {
        return new CacheVolume(key);
    }

    @Override
    public Digest digest() {
        return new CanonicalWriter().type("berth.dev/CacheVolume/v1").field("key").string(key).sha256();
    }
}
