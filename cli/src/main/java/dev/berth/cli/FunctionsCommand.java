package dev.berth.cli;

import dev.berth.cli.module.CompiledModule;
import dev.berth.cli.module.FunctionHelp;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth functions [-m DIR]}: the module's functions, their flags and docs; needs no cluster. */
@Command(name = "functions", mixinStandardHelpOptions = true,
        description = "List a module's functions with their arguments and documentation (compiles the module; "
                + "no cluster needed).")
public final class FunctionsCommand implements Callable<Integer> {

    @Mixin
    ModuleOptions module = new ModuleOptions();

    @Option(names = {"-q", "--quiet"}, description = "Do not report compiling on stderr.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        CompiledModule compiled = module.compile(line -> {
            if (!quiet) {
                System.err.println("berth: " + line);
            }
        });
        System.out.print(FunctionHelp.module(compiled.metadata()));
        return 0;
    }
}
