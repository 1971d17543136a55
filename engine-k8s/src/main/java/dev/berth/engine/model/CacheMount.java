package dev.berth.engine.model;

/** A cache volume mounted at an absolute path. */
public record CacheMount(String path, CacheVolume cache, CacheSharingMode sharing) {

    public CacheMount {
        path = UnixPath.absolute(path, "withMountedCache.path");
        Checks.notNull(cache, "withMountedCache.cache");
        Checks.notNull(sharing, "withMountedCache.sharing");
    }

    void writeTo(CanonicalWriter out) {
        out.type("berth.dev/CacheMount/v1")
                .field("path").string(path)
                .field("cache").digest(cache.digest())
                .field("sharing").string(sharing.name());
    }
}
