package dev.berth.operator.api.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphql.ExecutionResult;
import graphql.introspection.IntrospectionQuery;
import graphql.language.AstPrinter;
import graphql.language.EnumTypeDefinition;
import graphql.language.EnumValueDefinition;
import graphql.language.FieldDefinition;
import graphql.language.ImplementingTypeDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.TypeDefinition;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Berth's schema has the shapes of Dagger's: every type, field, argument, default and
 * nullability Berth serves is compared with Dagger v0.21.8's own schema (the API declares the
 * rest of it, answering NOT_SUPPORTED), and the introspection result carries the names the 0.21.x
 * SDKs use.
 */
class SchemaShapeTest {

    private static final Set<String> LEGACY_LOADERS = Set.of("loadContainerFromID", "loadServiceFromID",
            "loadCacheVolumeFromID", "loadPortFromID", "loadHostFromID", "loadSecretFromID", "loadDirectoryFromID",
            "loadFileFromID");

    private final TypeDefinitionRegistry berth = new SchemaParser().parse(BerthGraphQL.readSchema());
    private final TypeDefinitionRegistry dagger = DaggerSchema.dagger();

    @Test
    void everyFieldHasDaggersArgumentsDefaultsAndTypes() {
        List<String> mismatches = new ArrayList<>();
        for (TypeDefinition<?> type : berth.types().values()) {
            if (!(type instanceof ImplementingTypeDefinition<?> ours)) {
                continue;
            }
            ImplementingTypeDefinition<?> theirs = (ImplementingTypeDefinition<?>) dagger.getType(type.getName())
                    .orElseThrow(() -> new AssertionError("Dagger has no type " + type.getName()));
            for (FieldDefinition field : ours.getFieldDefinitions()) {
                if (type.getName().equals("Query") && LEGACY_LOADERS.contains(field.getName())) {
                    continue; // checked below: legacy_id.go adds these for clients before v0.22
                }
                FieldDefinition reference = theirs.getFieldDefinitions().stream()
                        .filter(f -> f.getName().equals(field.getName())).findFirst().orElse(null);
                if (reference == null) {
                    mismatches.add(type.getName() + "." + field.getName() + ": not in Dagger");
                    continue;
                }
                if (!signature(field).equals(signature(reference))) {
                    mismatches.add(type.getName() + "." + field.getName() + ":\n  berth:  " + signature(field)
                            + "\n  dagger: " + signature(reference));
                }
            }
        }
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }

    @Test
    void everyTypeAndFieldOfDaggerIsDeclaredAndWhatBerthLacksIsMarked() {
        GraphQLSchema served = new BerthGraphQL("test").schema();
        List<String> missing = new ArrayList<>();
        int unsupported = 0;
        for (TypeDefinition<?> type : dagger.types().values()) {
            GraphQLType ours = served.getType(type.getName());
            if (ours == null) {
                missing.add(type.getName());
                continue;
            }
            if (type instanceof ImplementingTypeDefinition<?> theirs && ours instanceof GraphQLFieldsContainer fields) {
                for (FieldDefinition field : theirs.getFieldDefinitions()) {
                    GraphQLFieldDefinition declared = fields.getFieldDefinition(field.getName());
                    if (declared == null) {
                        missing.add(type.getName() + "." + field.getName());
                    } else if (declared.getDescription() != null && declared.getDescription().startsWith("Not supported")) {
                        unsupported++;
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), "not declared: " + missing);
        // Berth's own fields are not marked: those it serves keep their own descriptions.
        ImplementingTypeDefinition<?> container = (ImplementingTypeDefinition<?>) berth.getType("Container").orElseThrow();
        GraphQLFieldsContainer servedContainer = (GraphQLFieldsContainer) served.getType("Container");
        for (FieldDefinition field : container.getFieldDefinitions()) {
            String description = servedContainer.getFieldDefinition(field.getName()).getDescription();
            assertTrue(description == null || !description.startsWith("Not supported"), "Container." + field.getName());
        }
        assertTrue(unsupported > 500, "Dagger's fields Berth lacks are marked (" + unsupported + ")");
    }

    @Test
    void enumsAndInputsAreDaggers() {
        for (String name : List.of("NetworkProtocol", "CacheSharingMode", "ReturnType")) {
            assertEquals(enumValues(dagger, name), enumValues(berth, name), name);
        }
        InputObjectTypeDefinition ours = (InputObjectTypeDefinition) berth.getType("PortForward").orElseThrow();
        InputObjectTypeDefinition theirs = (InputObjectTypeDefinition) dagger.getType("PortForward").orElseThrow();
        assertEquals(inputs(theirs.getInputValueDefinitions()), inputs(ours.getInputValueDefinitions()));
    }

    @Test
    void servesTheFieldsTheIssueNames() {
        Map<String, List<String>> required = Map.of(
                "Query", List.of("version", "container", "cacheVolume", "host", "node", "loadContainerFromID",
                        "loadServiceFromID", "loadCacheVolumeFromID", "loadPortFromID", "setSecret", "secret",
                        "loadSecretFromID", "directory", "file", "loadDirectoryFromID", "loadFileFromID"),
                "Container", List.of("from", "withWorkdir", "withNewFile", "withEnvVariable", "withEntrypoint",
                        "withDefaultArgs", "withExec", "withExposedPort", "withoutExposedPort", "withServiceBinding",
                        "withMountedCache", "asService", "stdout", "stderr", "exitCode", "sync", "id", "exposedPorts",
                        "withSecretVariable", "withoutSecretVariable", "withMountedSecret", "withDirectory",
                        "withMountedDirectory", "withFile", "withMountedFile", "directory", "file"),
                "Directory", List.of("id", "entries", "directory", "file", "export", "withNewFile", "withFile",
                        "withDirectory", "sync", "digest"),
                "File", List.of("id", "contents", "size", "name", "export", "sync", "digest"),
                "Secret", List.of("id", "name", "plaintext", "uri"),
                "Service", List.of("start", "stop", "up", "endpoint", "hostname", "ports", "withHostname", "id"),
                "Host", List.of("service", "tunnel", "directory", "file"),
                "Port", List.of("port", "protocol", "description", "experimentalSkipHealthcheck", "id"));
        required.forEach((type, fields) -> {
            ImplementingTypeDefinition<?> def = (ImplementingTypeDefinition<?>) berth.getType(type).orElseThrow();
            Set<String> served = def.getFieldDefinitions().stream().map(FieldDefinition::getName).collect(Collectors.toSet());
            for (String field : fields) {
                assertTrue(served.contains(field), type + "." + field);
            }
        });
    }

    @Test
    void legacyLoadersTakeTypedIds() {
        ImplementingTypeDefinition<?> query = (ImplementingTypeDefinition<?>) berth.getType("Query").orElseThrow();
        for (String type : List.of("Container", "Service", "CacheVolume", "Port", "Host", "Secret", "Directory", "File")) {
            FieldDefinition loader = query.getFieldDefinitions().stream()
                    .filter(f -> f.getName().equals("load" + type + "FromID")).findFirst().orElseThrow();
            assertEquals("(id: " + type + "ID!): " + type + "!", signature(loader));
        }
    }

    @Test
    void introspectionCarriesDaggersNames() {
        BerthGraphQL graphQL = new BerthGraphQL("test");
        ExecutionResult result = graphQL.execute(new RequestContext(null, null, new java.util.concurrent.CompletableFuture<>()), IntrospectionQuery.INTROSPECTION_QUERY,
                null, Map.of());
        assertTrue(result.getErrors().isEmpty(), result.getErrors().toString());
        Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>) result.getData()).get("__schema");
        List<Map<String, Object>> types = (List<Map<String, Object>>) schema.get("types");
        Set<String> names = types.stream().map(t -> (String) t.get("name")).collect(Collectors.toSet());
        for (String name : List.of("Query", "Container", "Service", "CacheVolume", "Port", "Host", "Node", "Syncer",
                "PortForward", "NetworkProtocol", "CacheSharingMode", "ReturnType", "ID", "Void", "ContainerID",
                "ServiceID", "CacheVolumeID", "PortID", "Secret", "SecretID")) {
            assertTrue(names.contains(name), "introspection lacks " + name);
        }
        Map<String, Object> container = types.stream().filter(t -> "Container".equals(t.get("name"))).findFirst().orElseThrow();
        List<Map<String, Object>> interfaces = (List<Map<String, Object>>) container.get("interfaces");
        assertEquals(Set.of("Exportable", "Node", "Syncer"), interfaces.stream().map(i -> i.get("name")).collect(Collectors.toSet()));
        Map<String, Object> withExec = ((List<Map<String, Object>>) container.get("fields")).stream()
                .filter(f -> "withExec".equals(f.get("name"))).findFirst().orElseThrow();
        Map<String, Object> expect = ((List<Map<String, Object>>) withExec.get("args")).stream()
                .filter(a -> "expect".equals(a.get("name"))).findFirst().orElseThrow();
        assertEquals("SUCCESS", expect.get("defaultValue"));
        assertNotNull(schema.get("queryType"));
    }

    // ---- helpers --------------------------------------------------------------------------

    /** {@code (name: Type = default, ...): ReturnType}, directives included. */
    private static String signature(FieldDefinition field) {
        String args = inputs(field.getInputValueDefinitions());
        return (args.isEmpty() ? "" : "(" + args + ")") + ": " + AstPrinter.printAst(field.getType())
                + field.getDirectives().stream().map(d -> " " + AstPrinter.printAst(d)).collect(Collectors.joining());
    }

    private static String inputs(List<InputValueDefinition> values) {
        return values.stream().map(v -> v.getName() + ": " + AstPrinter.printAst(v.getType())
                + (v.getDefaultValue() == null ? "" : " = " + AstPrinter.printAst(v.getDefaultValue()))
                + v.getDirectives().stream().map(d -> " " + AstPrinter.printAst(d)).collect(Collectors.joining()))
                .collect(Collectors.joining(", "));
    }

    private static List<String> enumValues(TypeDefinitionRegistry registry, String name) {
        return ((EnumTypeDefinition) registry.getType(name).orElseThrow()).getEnumValueDefinitions().stream()
                .map(EnumValueDefinition::getName).toList();
    }
}
