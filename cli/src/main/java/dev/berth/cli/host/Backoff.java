package dev.berth.cli.host;

/** Delays between retries: 200 ms doubling to 2 s; back to 200 ms after a success. */
final class Backoff {

    static final long FIRST_MILLIS = 200;
    static final long MAX_MILLIS = 2000;

    private long next = FIRST_MILLIS;

    synchronized long nextMillis() {
        long delay = next;
        next = Math.min(MAX_MILLIS, next * 2);
        return delay;
    }

    synchronized void reset() {
        next = FIRST_MILLIS;
    }
}
