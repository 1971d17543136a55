package dev.berth.engine.model;

/**
 * What {@code asService()} without args runs when the container has withExecs: Dagger changed it
 * in v0.15 and keeps the old rule for clients that declare an older version.
 */
public enum AsServiceRule {

    /** Before Dagger v0.15: the last withExec is the service's command and is not run as a step. */
    LAST_EXEC,

    /** Dagger v0.15 and later: every withExec runs as a build step, then the default command. */
    DEFAULT_COMMAND
}
