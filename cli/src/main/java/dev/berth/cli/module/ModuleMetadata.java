package dev.berth.cli.module;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.module.processor.ValueKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code META-INF/berth/module.json}, as the SDK's annotation processor writes it at compile time. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModuleMetadata(@JsonProperty("class") String className, String name, String description,
        List<Function> functions) {

    public ModuleMetadata {
        description = description == null ? "" : description;
        functions = functions == null ? List.of() : functions;
    }

    static ModuleMetadata read(Path file) throws IOException {
        return new ObjectMapper().readValue(file.toFile(), ModuleMetadata.class);
    }

    Optional<Function> function(String cliName) {
        return functions.stream().filter(f -> f.cliName().equals(cliName)).findFirst();
    }

    List<String> functionNames() {
        return functions.stream().map(Function::cliName).toList();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Function(String name, String cliName, String description, Type returns, List<Arg> args) {

        public Function {
            description = description == null ? "" : description;
            args = args == null ? List.of() : args;
        }

        Optional<Arg> arg(String flag) {
            return args.stream().filter(a -> a.flag().equals(flag)).findFirst();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Type(ValueKind kind, String javaType, List<String> values) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Arg(String name, String flag, ValueKind kind, String javaType, List<String> values,
            String description, @JsonProperty("default") String defaultValue) {

        public Arg {
            values = values == null ? List.of() : values;
            description = description == null ? "" : description;
        }

        boolean required() {
            return defaultValue == null;
        }

        /** How help and errors show the type: {@code String}, {@code LOW|HIGH}, {@code tcp://HOST:PORT}. */
        String typeLabel() {
            return switch (kind) {
                case ENUM -> String.join("|", values);
                case SERVICE -> "Service (tcp://HOST:PORT)";
                default -> kind.display();
            };
        }
    }
}
