package dev.berth.sdk;

import graphql.language.EnumTypeDefinition;
import graphql.language.EnumValueDefinition;
import graphql.language.FieldDefinition;
import graphql.language.ImplementingTypeDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.NonNullType;
import graphql.language.TypeDefinition;
import graphql.schema.idl.ScalarInfo;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** What of a schema the compiled SDK lacks, by reflection: types, fields, arguments, enum values. */
final class SchemaCoverage {

    private final TypeDefinitionRegistry registry;
    private final List<String> missing = new ArrayList<>();

    SchemaCoverage(TypeDefinitionRegistry registry) {
        this.registry = registry;
    }

    List<String> missing() {
        for (TypeDefinition<?> type : registry.types().values()) {
            Class<?> c = classOf(type.getName());
            if (c == null) {
                continue;
            }
            if (type instanceof ImplementingTypeDefinition<?> object) {
                fields(object).forEach(f -> checkField(type.getName(), c, f));
            } else if (type instanceof EnumTypeDefinition e) {
                values(e).forEach(v -> {
                    if (Arrays.stream(c.getEnumConstants()).map(Object::toString).noneMatch(v.getName()::equals)) {
                        missing.add(type.getName() + "." + v.getName() + ": no enum constant");
                    }
                });
            } else if (type instanceof InputObjectTypeDefinition input) {
                input.getInputValueDefinitions().forEach(f -> checkWith(type.getName() + "." + f.getName(), c, f));
            }
        }
        registry.scalars().keySet().stream()
                .filter(s -> !ScalarInfo.isGraphqlSpecifiedScalar(s) && !s.equals("Void"))
                .forEach(this::classOf);
        return missing;
    }

    private Stream<FieldDefinition> fields(ImplementingTypeDefinition<?> type) {
        List<FieldDefinition> all = new ArrayList<>(type.getFieldDefinitions());
        registry.objectTypeExtensions().getOrDefault(type.getName(), List.of()).forEach(x -> all.addAll(x.getFieldDefinitions()));
        registry.interfaceTypeExtensions().getOrDefault(type.getName(), List.of()).forEach(x -> all.addAll(x.getFieldDefinitions()));
        return all.stream();
    }

    private Stream<EnumValueDefinition> values(EnumTypeDefinition type) {
        return Stream.concat(type.getEnumValueDefinitions().stream(),
                registry.enumTypeExtensions().getOrDefault(type.getName(), List.of()).stream()
                        .flatMap(x -> x.getEnumValueDefinitions().stream()));
    }

    private void checkField(String owner, Class<?> c, FieldDefinition field) {
        List<InputValueDefinition> required = field.getInputValueDefinitions().stream()
                .filter(a -> a.getType() instanceof NonNullType && a.getDefaultValue() == null).toList();
        List<InputValueDefinition> optional = field.getInputValueDefinitions().stream()
                .filter(a -> !required.contains(a)).toList();
        String name = javax.lang.model.SourceVersion.isKeyword(field.getName()) ? field.getName() + "_" : field.getName();
        requireMethod(owner + "." + field.getName(), c, name, required.size());
        if (optional.isEmpty() || c.isInterface()) {
            return;
        }
        requireMethod(owner + "." + field.getName(), c, name, required.size() + 1);
        String arguments = Character.toUpperCase(field.getName().charAt(0)) + field.getName().substring(1) + "Arguments";
        Class<?> options = Arrays.stream(c.getDeclaredClasses()).filter(n -> n.getSimpleName().equals(arguments)).findFirst().orElse(null);
        for (InputValueDefinition argument : optional) {
            if (options == null || !hasWith(options, argument.getName())) {
                missing.add(owner + "." + field.getName() + "(" + argument.getName() + "): no "
                        + c.getSimpleName() + "." + arguments + ".with" + capitalize(argument.getName()));
            }
        }
    }

    private void requireMethod(String what, Class<?> c, String name, int parameters) {
        boolean found = Arrays.stream(c.getMethods())
                .anyMatch(m -> m.getName().equals(name) && m.getParameterCount() == parameters && Modifier.isPublic(m.getModifiers()));
        if (!found) {
            missing.add(what + ": no method " + name + " with " + parameters + " parameters");
        }
    }

    private void checkWith(String what, Class<?> c, InputValueDefinition field) {
        if (!hasWith(c, field.getName())) {
            missing.add(what + ": no " + c.getSimpleName() + ".with" + capitalize(field.getName()));
        }
    }

    private static boolean hasWith(Class<?> c, String field) {
        return Arrays.stream(c.getMethods()).map(Method::getName).anyMatch(("with" + capitalize(field))::equals);
    }

    private Class<?> classOf(String graphqlName) {
        String name = "dev.berth.sdk." + (graphqlName.equals("Query") ? "Client" : graphqlName);
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            missing.add(graphqlName + ": no class " + name);
            return null;
        }
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
