package dev.berth.cli.progress;

import java.io.PrintStream;
import java.time.Duration;

/** Progress lines on stderr, each with the time since the command started: {@code berth: [  3.2s] ...}. */
public final class Progress {

    private final PrintStream err;
    private final boolean enabled;
    private final long started = System.nanoTime();

    public Progress(PrintStream err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    public static Progress silent() {
        return new Progress(System.err, false);
    }

    public boolean enabled() {
        return enabled;
    }

    public synchronized void line(String text) {
        if (enabled) {
            double seconds = (System.nanoTime() - started) / 1e9;
            err.printf("berth: [%6.1fs] %s%n", seconds, text);
            err.flush();
        }
    }

    public static String seconds(Duration d) {
        return String.format("%.1fs", d.toMillis() / 1000.0);
    }
}
