package dev.berth.operator.api.http;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads {@code /query} runs on.
 *
 * <p>graphql-java recurses a few dozen frames per nested field, and Dagger's SDKs nest a whole
 * call chain: a chain of about 450 calls overflows a default 1 MiB thread stack (Vert.x's
 * workers), well inside what the parser accepts. These threads have a larger stack; the JVM
 * commits its memory only as a stack grows. Leaf fields wait for pods, for minutes, so the pool
 * is as large as Quarkus' worker pool.
 */
final class QueryThreads {

    static final long STACK_BYTES = 16L * 1024 * 1024;
    static final int MAX_THREADS = 200;

    private final AtomicInteger count = new AtomicInteger();
    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(0, MAX_THREADS, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), threads());

    /** False when {@link #MAX_THREADS} queries are already running. */
    boolean run(Runnable query) {
        try {
            pool.execute(query);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    void shutdown() {
        pool.shutdownNow();
    }

    private ThreadFactory threads() {
        return task -> {
            Thread thread = new Thread(null, task, "berth-query-" + count.incrementAndGet(), STACK_BYTES);
            thread.setDaemon(true);
            return thread;
        };
    }
}
