package dev.berth.operator.api.graphql;

import dev.berth.operator.api.ApiException;
import graphql.language.Description;
import graphql.language.FieldDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.language.ScalarTypeDefinition;
import graphql.language.Type;
import graphql.language.TypeDefinition;
import graphql.language.TypeName;
import graphql.schema.Coercing;
import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLScalarType;
import graphql.schema.idl.FieldWiringEnvironment;
import graphql.schema.idl.ScalarInfo;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.WiringFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Dagger's whole schema around Berth's. Every type, field, enum, input and directive of Dagger
 * v0.21.8 ({@value #RESOURCE}) that Berth's own schema lacks is declared with Dagger's shape, and
 * each such field answers a GraphQL error with {@code extensions.code = "NOT_SUPPORTED"} naming
 * it. So every SDK reports "not supported" for what Berth does not do (including the Python SDK,
 * which checks a query against the introspected schema before sending it), and introspection shows
 * Berth's coverage field by field (each undeclared field's description says it is not supported).
 * Berth's own declarations win where both have a field; Berth's generated Java SDK is built from
 * Berth's schema alone, so it offers only what works.
 */
final class DaggerSchema {

    static final String RESOURCE = "/dev/berth/dagger-v0.21.8.graphqls";

    /** Fields that need an image registry, or a builder that pushes to one: Berth has neither. */
    private static final Set<String> NEED_A_REGISTRY = Set.of("Container.publish", "Container.export",
            "Container.asTarball", "Container.import", "Container.imageRef", "Container.withRegistryAuth",
            "Container.withoutRegistryAuth", "Directory.dockerBuild");

    private final TypeDefinitionRegistry types;
    private final Set<FieldCoordinates> unsupported;
    private final Set<String> addedScalars;

    private DaggerSchema(TypeDefinitionRegistry types, Set<FieldCoordinates> unsupported, Set<String> addedScalars) {
        this.types = types;
        this.unsupported = unsupported;
        this.addedScalars = addedScalars;
    }

    /** Berth's schema with the rest of Dagger's declared around it. */
    static DaggerSchema around(TypeDefinitionRegistry berth) {
        return around(berth, dagger());
    }

    static TypeDefinitionRegistry dagger() {
        return new SchemaParser().parse(read(RESOURCE));
    }

    static DaggerSchema around(TypeDefinitionRegistry berth, TypeDefinitionRegistry dagger) {
        TypeDefinitionRegistry merged = new TypeDefinitionRegistry();
        merged.merge(berth);
        Set<FieldCoordinates> unsupported = new LinkedHashSet<>();
        for (TypeDefinition<?> theirs : dagger.types().values()) {
            TypeDefinition<?> ours = berth.getType(theirs.getName()).orElse(null);
            if (ours == null) {
                // A type Berth lacks: as if Berth declared it with no field.
                merged.add(theirs instanceof ObjectTypeDefinition reference
                        ? declared(reference.transform(t -> t.fieldDefinitions(List.of())), reference, unsupported)
                        : theirs);
            } else if (ours instanceof ObjectTypeDefinition object && theirs instanceof ObjectTypeDefinition reference) {
                merged.remove(ours);
                merged.add(declared(object, reference, unsupported));
            }
            // Enums, inputs and interfaces Berth declares are Dagger's already (SchemaShapeTest).
        }
        Set<String> addedScalars = new LinkedHashSet<>();
        for (ScalarTypeDefinition scalar : dagger.scalars().values()) {
            if (!ScalarInfo.isGraphqlSpecifiedScalar(scalar.getName()) && !berth.scalars().containsKey(scalar.getName())) {
                merged.add(scalar);
                addedScalars.add(scalar.getName());
            }
        }
        dagger.getDirectiveDefinitions().values().stream()
                .filter(d -> berth.getDirectiveDefinition(d.getName()).isEmpty())
                .forEach(merged::add);
        return new DaggerSchema(merged, unsupported, addedScalars);
    }

    /**
     * {@code ours} with the fields (and interfaces) of {@code reference} it lacks, each described as
     * not supported and recorded in {@code unsupported}.
     */
    private static ObjectTypeDefinition declared(ObjectTypeDefinition ours, ObjectTypeDefinition reference,
            Set<FieldCoordinates> unsupported) {
        Set<String> served = ours.getFieldDefinitions().stream().map(FieldDefinition::getName).collect(Collectors.toSet());
        List<FieldDefinition> fields = new ArrayList<>(ours.getFieldDefinitions());
        for (FieldDefinition field : reference.getFieldDefinitions()) {
            if (!served.contains(field.getName())) {
                String coordinate = reference.getName() + "." + field.getName();
                fields.add(field.transform(f -> f.description(new Description("Not supported by Berth: "
                        + reason(coordinate) + ".", null, false))));
                unsupported.add(FieldCoordinates.coordinates(reference.getName(), field.getName()));
            }
        }
        Set<String> interfaces = ours.getImplements().stream().map(DaggerSchema::name).collect(Collectors.toSet());
        List<Type> implemented = new ArrayList<>(ours.getImplements());
        reference.getImplements().stream().filter(i -> !interfaces.contains(name(i))).forEach(implemented::add);
        return ours.transform(t -> t.fieldDefinitions(fields).implementz(implemented));
    }

    private static String name(Type<?> type) {
        return ((TypeName) type).getName();
    }

    static String reason(String coordinate) {
        return NEED_A_REGISTRY.contains(coordinate)
                ? "it needs an image registry, and Berth runs images the cluster pulls but neither builds nor pushes any"
                : "Berth declares it (with Dagger v0.21.8's shape) but does not implement it";
    }

    TypeDefinitionRegistry types() {
        return types;
    }

    /** Scalars only Dagger's part uses: taken as they come (no field of theirs runs). */
    List<GraphQLScalarType> addedScalars() {
        return addedScalars.stream().map(DaggerSchema::anyValue).toList();
    }

    /** Answers NOT_SUPPORTED for the fields Berth lacks; leaves every other field to the wiring. */
    WiringFactory notSupported() {
        return new WiringFactory() {
            @Override
            public boolean providesDataFetcher(FieldWiringEnvironment environment) {
                return unsupported.contains(coordinates(environment));
            }

            @Override
            public DataFetcher<?> getDataFetcher(FieldWiringEnvironment environment) {
                String coordinate = environment.getParentType().getName() + "." + environment.getFieldDefinition().getName();
                return env -> {
                    throw ApiException.notSupported(coordinate, reason(coordinate));
                };
            }
        };
    }

    private static FieldCoordinates coordinates(FieldWiringEnvironment environment) {
        return FieldCoordinates.coordinates(environment.getParentType().getName(),
                environment.getFieldDefinition().getName());
    }

    private static GraphQLScalarType anyValue(String name) {
        return GraphQLScalarType.newScalar().name(name).coercing(new Coercing<Object, Object>() {
            @Override
            public Object serialize(Object value) {
                return value;
            }

            @Override
            public Object parseValue(Object input) {
                return input;
            }

            @Override
            public Object parseLiteral(Object input) {
                return input;
            }
        }).build();
    }

    private static String read(String resource) {
        try (InputStream in = DaggerSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
