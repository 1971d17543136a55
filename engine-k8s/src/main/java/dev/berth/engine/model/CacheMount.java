package dev.berth.engine.model;

/** A cache volume mounted at an absolute path, shared by every user (SHARED is all Berth implements). */
public record CacheMount(String path, CacheVolume cache, CacheSharingMode sharing) {

    public CacheMount {
        path = UnixPath.absolute(path, "withMountedCache.path");
        Checks.notNull(cache, "withMountedCache.cache");
        Checks.notNull(sharing, "withMountedCache.sharing");
        if (sharing != CacheSharingMode.SHARED) {
            throw new ValidationException("withMountedCache.sharing", sharing.name() + " " + CacheSharingMode.ONLY_SHARED);
        }
    }

    /** The sharing mode stays in the canonical form, so supporting another mode later keeps SHARED digests. */
    void writeTo(CanonicalWriter out) {
        out.type("berth.dev/CacheMount/v1")
                .field("path").string(path)
                .field("cache").digest(cache.digest())
                .field("sharing").string(sharing.name());
    }
}
