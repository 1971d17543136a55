package dev.berth.sdk.codegen;

import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.TypeSpec;
import graphql.language.EnumTypeDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InterfaceTypeDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.language.ScalarTypeDefinition;
import graphql.language.TypeDefinition;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes the Java SDK's classes from Berth's GraphQL schema: one class per object type (Query is
 * {@code Client}), one Java interface per interface, enums, input objects and typed scalars.
 * Usage: {@code Generate <schema.graphqls> <output source directory>}.
 */
public final class Generate {

    public static final String PACKAGE = "dev.berth.sdk";

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: Generate <schema.graphqls> <output source directory>");
        }
        Path schema = Path.of(args[0]);
        Path out = Path.of(args[1]);
        TypeDefinitionRegistry registry = new SchemaParser().parse(Files.readString(schema));
        for (TypeSpec type : types(registry)) {
            JavaFile.builder(PACKAGE, type)
                    .addFileComment("Generated from $L by dev.berth.sdk.codegen.Generate; do not edit.", schema.getFileName())
                    .skipJavaLangImports(true)
                    .build()
                    .writeTo(out);
        }
    }

    /** Every type of the schema as Java, in a stable order. */
    public static List<TypeSpec> types(TypeDefinitionRegistry registry) {
        TypeMapping mapping = new TypeMapping(registry);
        ObjectTypeWriter objects = new ObjectTypeWriter(mapping);
        List<TypeSpec> result = new ArrayList<>();
        List<TypeDefinition> definitions = new ArrayList<>(registry.types().values());
        definitions.addAll(registry.scalars().values());
        definitions.sort(Comparator.comparing(TypeDefinition::getName));
        for (TypeDefinition<?> type : definitions) {
            if (type instanceof ObjectTypeDefinition object) {
                result.add(objects.write(object));
            } else if (type instanceof InterfaceTypeDefinition face) {
                result.add(objects.write(face));
            } else if (type instanceof EnumTypeDefinition e) {
                result.add(SimpleTypeWriters.enumType(e));
            } else if (type instanceof InputObjectTypeDefinition input) {
                result.add(SimpleTypeWriters.inputType(input, mapping));
            } else if (type instanceof ScalarTypeDefinition scalar && mapping.isCustomScalar(scalar.getName())) {
                result.add(SimpleTypeWriters.scalarType(scalar));
            }
        }
        return result;
    }
}
