package dev.berth.cli.module;

import dev.berth.cli.progress.Progress;
import dev.berth.sdk.AutoCloseableClient;
import dev.berth.sdk.Dagger;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/** One {@code berth call}: the parsed, checked command line against a compiled module, then its run. */
public final class ModuleCall {

    private final CompiledModule module;
    private final CallLine line;

    private ModuleCall(CompiledModule module, CallLine line) {
        this.module = module;
        this.line = line;
    }

    /** Everything checked that can be without a cluster: the function, its flags and values, the chain. */
    public static ModuleCall prepare(CompiledModule module, List<String> tokens) throws UsageException {
        return new ModuleCall(module, CallLine.parse(module.metadata(), tokens));
    }

    public boolean isHelp() {
        return line.help();
    }

    public String help() {
        return FunctionHelp.function(line.function());
    }

    /** Calls the function with {@code dag()} bound to the session at 127.0.0.1:{@code port}. */
    public void run(int port, String token, Progress progress, PrintStream out)
            throws UsageException, FunctionFailedException, InterruptedException {
        try (AutoCloseableClient client = Dagger.connect(port, token)) {
            Dagger.use(client);
            long started = System.nanoTime();
            progress.line("calling " + line.function().cliName());
            Object result = new FunctionInvoker(module).call(line);
            progress.line(line.function().cliName() + " returned after "
                    + Progress.seconds(Duration.ofNanos(System.nanoTime() - started)));
            new ResultRunner(out).run(line, result);
        }
    }
}
