package dev.berth.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SDK has every type and field of the schema Berth serves: generated at build time from the
 * same file, so a field added to the schema is a method here, or this test fails.
 */
class SchemaCoverageTest {

    static String schema() throws IOException {
        return Files.readString(Path.of(System.getProperty("berth.schema", "../src/main/resources/dev/berth/schema.graphqls")));
    }

    @Test
    void everyTypeFieldArgumentAndEnumValueOfTheSchemaIsInTheSdk() throws IOException {
        TypeDefinitionRegistry registry = new SchemaParser().parse(schema());
        assertEquals(List.of(), new SchemaCoverage(registry).missing());
    }

    @Test
    void aFieldOrTypeAddedToTheSchemaIsReportedMissing() throws IOException {
        TypeDefinitionRegistry registry = new SchemaParser().parse(schema()
                + "\nextend type Container { withLabel(name: String!, value: String!): Container! }"
                + "\nextend type Service { withLabel(name: String!, value: String = \"\"): Service! }"
                + "\nextend enum NetworkProtocol { SCTP }"
                + "\ntype GitRepository { id: ID! }");
        assertEquals(List.of("Container.withLabel: no method withLabel with 2 parameters",
                "GitRepository: no class dev.berth.sdk.GitRepository",
                "NetworkProtocol.SCTP: no enum constant",
                "Service.withLabel(value): no Service.WithLabelArguments.withValue",
                "Service.withLabel: no method withLabel with 1 parameters",
                "Service.withLabel: no method withLabel with 2 parameters"),
                new SchemaCoverage(registry).missing().stream().sorted().toList());
    }
}
