package dev.berth.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code berth run -- CMD}: opens a session, runs CMD with {@code DAGGER_SESSION_PORT} and
 * {@code DAGGER_SESSION_TOKEN} set (how Dagger's SDKs find {@code dagger run}'s session), passes
 * its exit code through and closes the session (deleting its namespace) even on failure or Ctrl-C.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a command (e.g. a Dagger SDK script) against a Berth API session.",
                "Without --api, the in-cluster operator is reached through a port-forward (KUBECONFIG)."})
public final class RunCommand implements Callable<Integer> {

    @Mixin
    SessionOptions options = new SessionOptions();

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments.")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        Timing.mark("run: arguments parsed");
        Session session = new Session(this);
        Thread hook = new Thread(session::close, "berth-close-session");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            session.open();
            return session.runCommand(command);
        } finally {
            session.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it closes the session
            }
        }
    }

    /** The session and the command run in it: the command is stopped before the session closes. */
    static final class Session extends CliSession {

        private Process child;

        Session(RunCommand command) {
            super(command.options);
        }

        int runCommand(List<String> command) throws InterruptedException {
            java.util.Optional<List<String>> started = ParentDeathSignal.wrap(command);
            if (started.isEmpty()) {
                System.err.println("berth: cannot run " + command.get(0) + ": command not found");
                return Berth.EXIT_COMMAND_NOT_FOUND;
            }
            ProcessBuilder builder = new ProcessBuilder(started.get()).inheritIO();
            builder.environment().put("DAGGER_SESSION_PORT", Integer.toString(port()));
            builder.environment().put("DAGGER_SESSION_TOKEN", token());
            builder.environment().put("BERTH_SESSION_ID", id());
            synchronized (this) {
                if (isClosed()) {
                    return Berth.EXIT_BERTH_FAILED;
                }
                try {
                    child = builder.start();
                } catch (IOException e) {
                    System.err.println("berth: cannot run " + command.get(0) + ": " + e.getMessage());
                    return Berth.EXIT_COMMAND_NOT_FOUND;
                }
            }
            int exit = child.waitFor();
            Timing.mark("command exited with " + exit);
            return exit;
        }

        @Override
        protected void beforeClose() {
            if (child != null && child.isAlive()) {
                child.destroy();
                try {
                    if (!child.waitFor(10, TimeUnit.SECONDS)) {
                        child.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    child.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
