package dev.berth.engine.model;

/** How concurrent users of one cache volume share it (Dagger's CacheSharingMode). */
public enum CacheSharingMode {
    /** Everyone mounts the same volume at once. */
    SHARED,
    /** Each concurrent user gets its own copy. */
    PRIVATE,
    /** One user at a time; the others wait. */
    LOCKED
}
