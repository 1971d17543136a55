package dev.berth.cli.module;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** A module's classes and metadata; {@code compileTime} is empty when they came from the cache. */
public record CompiledModule(Path classes, ModuleMetadata metadata, Optional<Duration> compileTime) {
}
