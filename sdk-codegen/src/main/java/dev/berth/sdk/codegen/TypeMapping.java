package dev.berth.sdk.codegen;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import graphql.language.Directive;
import graphql.language.DirectivesContainer;
import graphql.language.EnumTypeDefinition;
import graphql.language.InterfaceTypeDefinition;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.ObjectTypeDefinition;
import graphql.language.StringValue;
import graphql.language.Type;
import graphql.language.TypeDefinition;
import graphql.schema.idl.ScalarInfo;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.util.List;
import java.util.Optional;

/** Which Java type stands for a GraphQL type, and what kind of value a field returns. */
final class TypeMapping {

    static final ClassName LIST = ClassName.get(List.class);
    static final ClassName ID = ClassName.get(Generate.PACKAGE, "ID");

    private final TypeDefinitionRegistry registry;

    TypeMapping(TypeDefinitionRegistry registry) {
        this.registry = registry;
    }

    /** The Java class of a named type; the root type Query is Dagger's {@code Client}. */
    ClassName className(String graphqlName) {
        return ClassName.get(Generate.PACKAGE, graphqlName.equals("Query") ? "Client" : graphqlName);
    }

    boolean isCustomScalar(String name) {
        return registry.scalars().containsKey(name) && !ScalarInfo.isGraphqlSpecifiedScalar(name) && !name.equals("Void");
    }

    boolean isObject(String name) {
        return definition(name).filter(ObjectTypeDefinition.class::isInstance).isPresent();
    }

    boolean isInterface(String name) {
        return definition(name).filter(InterfaceTypeDefinition.class::isInstance).isPresent();
    }

    boolean isEnum(String name) {
        return definition(name).filter(EnumTypeDefinition.class::isInstance).isPresent();
    }

    Optional<TypeDefinition> definition(String name) {
        return registry.getType(name);
    }

    /** The typed ID scalar of an object type (ContainerID for Container), if the schema has one. */
    Optional<ClassName> idScalar(String objectType) {
        return registry.scalars().containsKey(objectType + "ID") ? Optional.of(className(objectType + "ID")) : Optional.empty();
    }

    /** The object type an ID stands for ({@code @expectedType(name: "Service")}), if the schema has it. */
    Optional<String> expectedType(DirectivesContainer<?> element) {
        return element.getDirectives("expectedType").stream().findFirst()
                .map(d -> ((StringValue) d.getArgument("name").getValue()).getValue())
                .filter(name -> isObject(name) || isInterface(name));
    }

    /** The Java type of an argument or input field: an object where an ID of it is expected. */
    TypeName inputType(Type<?> type, DirectivesContainer<?> element) {
        Type<?> bare = unwrapNonNull(type);
        if (bare instanceof ListType list) {
            return ParameterizedTypeName.get(LIST, inputType(list.getType(), element));
        }
        String name = ((graphql.language.TypeName) bare).getName();
        if (name.equals("ID")) {
            return expectedType(element).map(this::className).orElse(ID);
        }
        return named(name);
    }

    /** The Java type of a scalar, enum or object result. */
    TypeName named(String name) {
        return switch (name) {
            case "String" -> ClassName.get(String.class);
            case "Int" -> ClassName.get(Integer.class);
            case "Float" -> ClassName.get(Double.class);
            case "Boolean" -> ClassName.get(Boolean.class);
            case "ID" -> ID;
            case "Void" -> TypeName.VOID;
            default -> className(name);
        };
    }

    /** Whether Query has {@code load<Type>FromID}, by which objects are rebuilt from IDs. */
    boolean hasLoader(String objectType) {
        return query().map(q -> q.getFieldDefinitions().stream().anyMatch(f -> f.getName().equals("load" + objectType + "FromID")))
                .orElse(false);
    }

    /** Whether some field returns the interface itself (Query.node returns Node). */
    boolean isReturnedAsInterface(String interfaceName) {
        return registry.types().values().stream()
                .filter(t -> t instanceof ObjectTypeDefinition || t instanceof InterfaceTypeDefinition)
                .flatMap(t -> ((graphql.language.ImplementingTypeDefinition<?>) t).getFieldDefinitions().stream())
                .anyMatch(f -> namedTypeOf(f.getType()).equals(interfaceName));
    }

    private Optional<ObjectTypeDefinition> query() {
        return definition("Query").map(ObjectTypeDefinition.class::cast);
    }

    static Type<?> unwrapNonNull(Type<?> type) {
        return type instanceof NonNullType nonNull ? nonNull.getType() : type;
    }

    static String namedTypeOf(Type<?> type) {
        Type<?> t = type;
        while (!(t instanceof graphql.language.TypeName)) {
            t = t instanceof NonNullType n ? n.getType() : ((ListType) t).getType();
        }
        return ((graphql.language.TypeName) t).getName();
    }

    static boolean isList(Type<?> type) {
        return unwrapNonNull(type) instanceof ListType;
    }

    static boolean isRequired(Type<?> type, Object defaultValue) {
        return type instanceof NonNullType && defaultValue == null;
    }

    static List<Directive> none() {
        return List.of();
    }
}
