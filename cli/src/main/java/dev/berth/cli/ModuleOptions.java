package dev.berth.cli;

import dev.berth.cli.module.CompiledModule;
import dev.berth.cli.module.ModuleCompiler;
import dev.berth.cli.module.ModuleSource;
import dev.berth.cli.module.UsageException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** {@code -m DIR}: which module {@code call} and {@code functions} use, compiled (or from the cache). */
public final class ModuleOptions {

    @Option(names = {"-m", "--mod"}, paramLabel = "DIR", defaultValue = ".",
            description = "The module: a Maven project (src/main/java) or a directory of Java sources with an "
                    + "@Object class (default: the current directory).")
    Path directory;

    CompiledModule compile(Consumer<String> say) throws IOException, UsageException {
        ModuleSource source = ModuleSource.find(directory);
        CompiledModule module = new ModuleCompiler(ModuleCompiler.defaultCacheRoot()).compile(source);
        module.compileTime().ifPresent(took -> say.accept(String.format("compiled module %s (%d files) in %.1fs",
                module.metadata().name(), source.files().size(), took.toMillis() / 1000.0)));
        return module;
    }
}
