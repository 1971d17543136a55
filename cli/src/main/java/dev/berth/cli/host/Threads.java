package dev.berth.cli.host;

/** Daemon threads: nothing the agent runs may keep the berth process alive after its command. */
final class Threads {

    private Threads() {
    }

    static Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
