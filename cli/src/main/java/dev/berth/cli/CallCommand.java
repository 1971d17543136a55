package dev.berth.cli;

import dev.berth.cli.module.CompiledModule;
import dev.berth.cli.module.FunctionFailedException;
import dev.berth.cli.module.ModuleCall;
import dev.berth.cli.module.UsageException;
import dev.berth.cli.progress.PodProgress;
import dev.berth.cli.progress.Progress;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth call [-m DIR] FUNCTION [--flag=value ...] [CHAINED ...]}: compiles the module (once
 * per change of its sources), opens a session, calls the function in this process with
 * {@code dag()} bound to that session, prints or chains its result, and closes the session.
 */
@Command(name = "call", mixinStandardHelpOptions = true,
        description = {"Call a function of a Java module (an @Object class with @Function methods).",
                "The function runs on this machine against a session opened for the call.",
                "Examples: berth call get | berth call http-service up --ports 9000:8080 | "
                        + "berth call user-list --svc=tcp://localhost:3306"})
public final class CallCommand implements Callable<Integer> {

    /** A function or chained verb failed: the message says what. */
    static final int EXIT_FUNCTION_FAILED = 1;
    /** Bad input (unknown function or flag, a wrong value, a module that does not compile). */
    static final int EXIT_USAGE = 2;

    @Mixin
    ModuleOptions module = new ModuleOptions();

    @Mixin
    SessionOptions options = new SessionOptions();

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
            description = "auto or plain: progress lines on stderr (services starting and healthy, execs with "
                    + "their times); none: only failures. -q implies none.")
    String progressMode;

    @Parameters(arity = "0..*", paramLabel = "FUNCTION", description = "The function, its flags and chained verbs.")
    List<String> call = List.of();

    @Override
    public Integer call() throws Exception {
        if (!List.of("auto", "plain", "none").contains(progressMode)) {
            SessionOptions.tell("--progress: \"" + progressMode + "\" is not one of auto, plain, none");
            return EXIT_USAGE;
        }
        ModuleCall prepared;
        try {
            CompiledModule compiled = module.compile(options::say);
            prepared = ModuleCall.prepare(compiled, call);
        } catch (UsageException e) {
            SessionOptions.tell(e.getMessage());
            return EXIT_USAGE;
        }
        if (prepared.isHelp()) {
            System.out.print(prepared.help());
            return 0;
        }
        Progress progress = new Progress(System.err, !options.quiet && !progressMode.equals("none"));
        CliSession session = new CliSession(options);
        Thread hook = new Thread(session::close, "berth-close-session");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            session.open();
            try (PodProgress pods = PodProgress.watch(progress, session.namespace(), session.kubernetes())) {
                prepared.run(session.port(), session.token(), progress, System.out);
            }
            return 0;
        } catch (FunctionFailedException e) {
            SessionOptions.tell(e.getMessage());
            return EXIT_FUNCTION_FAILED;
        } catch (UsageException e) {
            SessionOptions.tell(e.getMessage());
            return EXIT_USAGE;
        } finally {
            session.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it closes the session
            }
        }
    }
}
