package dev.berth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code berth} command. */
@Command(name = "berth", mixinStandardHelpOptions = true, version = "berth 0.1.0-SNAPSHOT",
        description = "Dagger-style service containers on Kubernetes.",
        subcommands = {RunCommand.class, CallCommand.class, FunctionsCommand.class})
public final class Berth implements Runnable {

    /** berth's own failures, as {@code docker run} reports them. */
    public static final int EXIT_BERTH_FAILED = 125;
    public static final int EXIT_COMMAND_NOT_FOUND = 127;

    @Override
    public void run() {
        CommandLine.usage(this, System.err);
    }

    public static void main(String[] args) {
        Timing.mark("started");
        int exit = commandLine().execute(args);
        Timing.mark("exiting with " + exit);
        // Everything berth owes the cluster is done by now (sessions closed, child stopped; a
        // Ctrl-C's shutdown hook closes under the same lock, so it is done too): halt rather than
        // exit, which would wait for the port-forwards' and the event loops' orderly shutdown for
        // nothing that outlives the process.
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(exit);
    }

    static CommandLine commandLine() {
        return new CommandLine(new Berth())
                // `berth run node script.mjs --flag` passes --flag to node, as after `--`.
                .setStopAtPositional(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    // never "berth: null": some JDK exceptions carry no message
                    System.err.println("berth: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
                    return EXIT_BERTH_FAILED;
                });
    }
}
