package dev.berth.cli.files;

/**
 * The most one upload may hold (docs/files.md); the API refuses a larger manifest, so berth
 * refuses it first, before hashing gigabytes for nothing.
 */
public record Limits(int maxEntries, long maxBytes) {

    public static final Limits DEFAULT = new Limits(200_000, 4L << 30);
}
