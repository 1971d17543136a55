package dev.berth.engine.model;

/**
 * How concurrent users of one cache volume share it (Dagger's CacheSharingMode).
 *
 * <p>Berth implements SHARED only: its cache volumes are node directories that every pod mounts
 * at once (see {@code render.CacheVolumes}), with no per-mount copy and no lock between pods.
 * PRIVATE and LOCKED stay in the enum because Dagger's schema has them; the model refuses them
 * ({@link CacheMount}) rather than silently sharing.
 */
public enum CacheSharingMode {
    /** Everyone mounts the same volume at once. */
    SHARED,
    /** Dagger: each concurrent user gets its own copy. Not supported by Berth yet. */
    PRIVATE,
    /** Dagger: one user at a time; the others wait. Not supported by Berth yet. */
    LOCKED;

    /**
     * Why PRIVATE and LOCKED are refused, after the mode's name; the Pipeline CRD's rule
     * repeats it (a compile-time constant for that reason).
     */
    public static final String ONLY_SHARED =
            "is not supported yet: Berth's cache volumes are node directories shared by every pod; use SHARED";
}
