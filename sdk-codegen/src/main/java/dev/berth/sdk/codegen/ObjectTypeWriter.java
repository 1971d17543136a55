package dev.berth.sdk.codegen;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import graphql.language.FieldDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.InterfaceTypeDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.language.Type;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import javax.lang.model.element.Modifier;

/**
 * Object types become lazy classes over a {@code QueryBuilder}: a field returning an object
 * extends the chain; any other field is a leaf that sends the chain as one query. Optional
 * arguments go in a nested {@code XxxArguments} class, as in Dagger's Java SDK.
 */
final class ObjectTypeWriter {

    static final ClassName QUERY_BUILDER = ClassName.get(Generate.PACKAGE, "QueryBuilder");
    static final ClassName ARGUMENTS = ClassName.get(Generate.PACKAGE, "Arguments");
    static final ClassName VALUES = ClassName.get(Generate.PACKAGE, "Values");
    static final ClassName ID_PROVIDER = ClassName.get(Generate.PACKAGE, "IdProvider");
    static final ClassName QUERY_EXCEPTION = ClassName.get(Generate.PACKAGE + ".exception", "DaggerQueryException");
    static final ClassName JSON_VALUE = ClassName.get("jakarta.json", "JsonValue");

    private final TypeMapping mapping;

    ObjectTypeWriter(TypeMapping mapping) {
        this.mapping = mapping;
    }

    TypeSpec write(ObjectTypeDefinition object) {
        boolean root = object.getName().equals("Query");
        ClassName self = mapping.className(object.getName());
        TypeSpec.Builder type = TypeSpec.classBuilder(self).addModifiers(Modifier.PUBLIC);
        if (!root) {
            type.addModifiers(Modifier.FINAL);
        }
        javadoc(type, object.getDescription());
        type.addField(FieldSpec.builder(QUERY_BUILDER, "queryBuilder", Modifier.PRIVATE, Modifier.FINAL).build());
        // Built by the SDK only: the root by Dagger.connect, the others by the fields returning them.
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addParameter(QUERY_BUILDER, "queryBuilder")
                .addStatement("this.queryBuilder = queryBuilder");
        if (root) {
            constructor.addModifiers(Modifier.PROTECTED);
        }
        type.addMethod(constructor.build());
        object.getImplements().forEach(i -> type.addSuperinterface(mapping.className(TypeMapping.namedTypeOf(i))));
        if (!root) {
            mapping.idScalar(object.getName()).ifPresent(id -> type.addSuperinterface(ParameterizedTypeName.get(ID_PROVIDER, id)));
        }
        for (FieldDefinition field : object.getFieldDefinitions()) {
            addField(type, object.getName(), field, false);
        }
        return type.build();
    }

    /**
     * Interfaces become Java interfaces; one a field returns (Node, from {@code node}) also gets
     * a {@code Selected} class that queries its fields through that field.
     */
    TypeSpec write(InterfaceTypeDefinition face) {
        ClassName self = mapping.className(face.getName());
        TypeSpec.Builder type = TypeSpec.interfaceBuilder(self).addModifiers(Modifier.PUBLIC);
        javadoc(type, face.getDescription());
        face.getImplements().forEach(i -> type.addSuperinterface(mapping.className(TypeMapping.namedTypeOf(i))));
        TypeSpec.Builder selected = TypeSpec.classBuilder("Selected")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addSuperinterface(self)
                .addJavadoc("A $L reached through a field that returns the interface.\n", face.getName())
                .addField(FieldSpec.builder(QUERY_BUILDER, "queryBuilder", Modifier.PRIVATE, Modifier.FINAL).build())
                .addMethod(MethodSpec.constructorBuilder().addParameter(QUERY_BUILDER, "queryBuilder")
                        .addStatement("this.queryBuilder = queryBuilder").build());
        for (FieldDefinition field : face.getFieldDefinitions()) {
            addField(type, face.getName(), field, true);
            if (returnsInterfaceId(field)) {
                continue; // only objects can be loaded back from an ID; the interface declares it
            }
            addField(selected, face.getName(), field, false);
        }
        if (mapping.isReturnedAsInterface(face.getName())) {
            type.addType(selected.build());
        }
        return type.build();
    }

    private boolean returnsInterfaceId(FieldDefinition field) {
        return TypeMapping.namedTypeOf(field.getType()).equals("ID")
                && mapping.expectedType(field).filter(mapping::isInterface).isPresent();
    }

    private void addField(TypeSpec.Builder type, String owner, FieldDefinition field, boolean declaration) {
        List<InputValueDefinition> required = field.getInputValueDefinitions().stream()
                .filter(a -> TypeMapping.isRequired(a.getType(), a.getDefaultValue())).toList();
        List<InputValueDefinition> optional = field.getInputValueDefinitions().stream()
                .filter(a -> !TypeMapping.isRequired(a.getType(), a.getDefaultValue())).toList();
        Result result = result(owner, field);
        ClassName optionsClass = ClassName.get(Generate.PACKAGE, mapping.className(owner).simpleName(),
                capitalize(field.getName()) + "Arguments");
        if (!optional.isEmpty() && !declaration) {
            type.addType(argumentsClass(optionsClass, optional));
        }
        // The method with only the required arguments; with optional ones, it delegates.
        MethodSpec.Builder plain = method(field, result, required, declaration);
        if (!optional.isEmpty()) {
            MethodSpec.Builder full = method(field, result, required, declaration)
                    .addParameter(optionsClass, "optArgs");
            if (!declaration) {
                String call = required.stream().map(InputValueDefinition::getName).reduce((a, b) -> a + ", " + b).map(s -> s + ", ").orElse("");
                plain.addStatement((result.type == TypeName.VOID ? "" : "return ") + "$L($Lnull)", javaName(field.getName()), call);
                full.addCode(body(field, required, result, true));
            }
            type.addMethod(full.build());
        } else if (!declaration) {
            plain.addCode(body(field, required, result, false));
        }
        type.addMethod(plain.build());
    }

    private MethodSpec.Builder method(FieldDefinition field, Result result, List<InputValueDefinition> required, boolean declaration) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(javaName(field.getName())).addModifiers(Modifier.PUBLIC).returns(result.type);
        if (declaration) {
            m.addModifiers(Modifier.ABSTRACT);
        }
        if (field.getDescription() != null) {
            m.addJavadoc("$L\n", field.getDescription().getContent().strip());
        }
        for (InputValueDefinition argument : required) {
            m.addParameter(mapping.inputType(argument.getType(), argument), javaName(argument.getName()));
        }
        if (result.leaf) {
            m.addException(ExecutionException.class).addException(QUERY_EXCEPTION).addException(InterruptedException.class);
        }
        return m;
    }

    private CodeBlock body(FieldDefinition field, List<InputValueDefinition> required, Result result, boolean withOptions) {
        CodeBlock.Builder code = CodeBlock.builder();
        if (field.getInputValueDefinitions().isEmpty()) {
            code.addStatement("$T chain = queryBuilder.chain($S)", QUERY_BUILDER, field.getName());
        } else {
            code.addStatement("$T arguments = $T.newArguments()", ARGUMENTS, ARGUMENTS);
            for (InputValueDefinition argument : required) {
                code.addStatement("arguments.put($S, $T.requireNonNull($L, $S))", argument.getName(), Objects.class,
                        javaName(argument.getName()), argument.getName() + " is required");
            }
            if (withOptions) {
                code.beginControlFlow("if (optArgs != null)").addStatement("optArgs.putInto(arguments)").endControlFlow();
            }
            code.addStatement("$T chain = queryBuilder.chain($S, arguments)", QUERY_BUILDER, field.getName());
        }
        code.add(result.statement);
        return code.build();
    }

    /** What a field's method returns, and the statement that produces it from {@code chain}. */
    private record Result(TypeName type, boolean leaf, CodeBlock statement) {
    }

    private Result result(String owner, FieldDefinition field) {
        Type<?> type = field.getType();
        String named = TypeMapping.namedTypeOf(type);
        boolean list = TypeMapping.isList(type);
        if (!list && mapping.isObject(named)) {
            ClassName c = mapping.className(named);
            return new Result(c, false, CodeBlock.of("return new $T(chain);\n", c));
        }
        if (!list && mapping.isInterface(named)) {
            ClassName c = mapping.className(named);
            return new Result(c, false, CodeBlock.of("return new $T.Selected(chain);\n", c));
        }
        if (list && mapping.isObject(named)) {
            ClassName c = mapping.className(named);
            return new Result(ParameterizedTypeName.get(TypeMapping.LIST, c), true, CodeBlock.of(
                    "return $T.list(chain.chain(\"id\").execute(), id -> $L);\n", VALUES, load(named, CodeBlock.of("id"))));
        }
        if (named.equals("Void")) {
            return new Result(TypeName.VOID, true, CodeBlock.of("chain.execute();\n"));
        }
        if (named.equals("ID") && !list) {
            Optional<String> expected = mapping.expectedType(field);
            if (expected.isPresent() && mapping.isObject(expected.get())) {
                // Dagger's SDKs hand back the object (sync, start, stop), loaded from the returned ID.
                return new Result(mapping.className(expected.get()), true,
                        CodeBlock.of("return $L;\n", load(expected.get(), CodeBlock.of("chain.execute()"))));
            }
            if (expected.isPresent()) {
                return new Result(mapping.className(expected.get()), true, null);
            }
            if (field.getName().equals("id")) {
                ClassName id = mapping.idScalar(owner).orElse(TypeMapping.ID);
                return new Result(id, true, CodeBlock.of("return $T.scalar($T::new, chain.execute());\n", VALUES, id));
            }
        }
        TypeName element = mapping.named(named);
        if (list) {
            return new Result(ParameterizedTypeName.get(TypeMapping.LIST, element), true,
                    CodeBlock.of("return $T.list(chain.execute(), v -> $L);\n", VALUES, convert(named, element, CodeBlock.of("v"))));
        }
        return new Result(element, true, CodeBlock.of("return $L;\n", convert(named, element, CodeBlock.of("chain.execute()"))));
    }

    private CodeBlock convert(String named, TypeName element, CodeBlock value) {
        return switch (named) {
            case "String" -> CodeBlock.of("$T.string($L)", VALUES, value);
            case "Int" -> CodeBlock.of("$T.integer($L)", VALUES, value);
            case "Float" -> CodeBlock.of("$T.number($L)", VALUES, value);
            case "Boolean" -> CodeBlock.of("$T.bool($L)", VALUES, value);
            default -> mapping.isEnum(named)
                    ? CodeBlock.of("$T.enumValue($T.class, $L)", VALUES, element, value)
                    : CodeBlock.of("$T.scalar($T::new, $L)", VALUES, element, value);
        };
    }

    /** {@code new Port(queryBuilder.root().chain("loadPortFromID", ...id...))}. */
    private CodeBlock load(String objectType, CodeBlock idJson) {
        ClassName c = mapping.className(objectType);
        ClassName id = mapping.idScalar(objectType).orElseThrow(() -> new IllegalStateException(
                "the schema has no scalar " + objectType + "ID to load a " + objectType + " by"));
        if (!mapping.hasLoader(objectType)) {
            throw new IllegalStateException("the schema has no Query.load" + objectType + "FromID");
        }
        return CodeBlock.of("new $T(queryBuilder.root().chain($S, $T.newArguments().put(\"id\", new $T($T.string($L)))))",
                c, "load" + objectType + "FromID", ARGUMENTS, id, VALUES, idJson);
    }

    private TypeSpec argumentsClass(ClassName name, List<InputValueDefinition> optional) {
        TypeSpec.Builder type = TypeSpec.classBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Optional arguments; those not set keep the API's defaults.\n");
        MethodSpec.Builder putInto = MethodSpec.methodBuilder("putInto").addParameter(ARGUMENTS, "arguments");
        for (InputValueDefinition argument : optional) {
            TypeName t = mapping.inputType(argument.getType(), argument);
            String field = javaName(argument.getName());
            type.addField(FieldSpec.builder(t, field, Modifier.PRIVATE).build());
            MethodSpec.Builder with = MethodSpec.methodBuilder("with" + capitalize(argument.getName()))
                    .addModifiers(Modifier.PUBLIC).returns(name).addParameter(t, field)
                    .addStatement("this.$L = $L", field, field).addStatement("return this");
            if (argument.getDescription() != null) {
                with.addJavadoc("$L\n", argument.getDescription().getContent().strip());
            }
            type.addMethod(with.build());
            putInto.addStatement("arguments.put($S, $L)", argument.getName(), field);
        }
        return type.addMethod(putInto.build()).build();
    }

    static void javadoc(TypeSpec.Builder type, graphql.language.Description description) {
        if (description != null) {
            type.addJavadoc("$L\n", description.getContent().strip());
        }
    }

    static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** GraphQL names that are Java keywords get a trailing underscore. */
    static String javaName(String name) {
        return javax.lang.model.SourceVersion.isKeyword(name) ? name + "_" : name;
    }
}
