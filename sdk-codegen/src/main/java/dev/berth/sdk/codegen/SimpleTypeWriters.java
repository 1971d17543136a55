package dev.berth.sdk.codegen;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import graphql.language.EnumTypeDefinition;
import graphql.language.EnumValueDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.ScalarTypeDefinition;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.lang.model.element.Modifier;

/** Enums, input objects and custom scalars: plain value types. */
final class SimpleTypeWriters {

    static final ClassName SCALAR = ClassName.get(Generate.PACKAGE, "Scalar");
    static final ClassName INPUT_VALUE = ClassName.get(Generate.PACKAGE, "InputValue");

    private SimpleTypeWriters() {
    }

    static TypeSpec enumType(EnumTypeDefinition e) {
        TypeSpec.Builder type = TypeSpec.enumBuilder(ClassName.get(Generate.PACKAGE, e.getName())).addModifiers(Modifier.PUBLIC);
        ObjectTypeWriter.javadoc(type, e.getDescription());
        for (EnumValueDefinition value : e.getEnumValueDefinitions()) {
            TypeSpec.Builder constant = TypeSpec.anonymousClassBuilder("");
            if (value.getDescription() != null) {
                constant.addJavadoc("$L\n", value.getDescription().getContent().strip());
            }
            type.addEnumConstant(value.getName(), constant.build());
        }
        return type.build();
    }

    /** A typed string; the per-type IDs (ContainerID ...) extend {@code ID}. */
    static TypeSpec scalarType(ScalarTypeDefinition scalar) {
        ClassName superclass = scalar.getName().endsWith("ID") ? TypeMapping.ID : SCALAR;
        TypeSpec.Builder type = TypeSpec.classBuilder(ClassName.get(Generate.PACKAGE, scalar.getName()))
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL).superclass(superclass)
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                        .addParameter(String.class, "value").addStatement("super(value)").build());
        ObjectTypeWriter.javadoc(type, scalar.getDescription());
        return type.build();
    }

    /** Fluent {@code withX} setters; {@code fields()} names a required field left unset. */
    static TypeSpec inputType(InputObjectTypeDefinition input, TypeMapping mapping) {
        ClassName self = ClassName.get(Generate.PACKAGE, input.getName());
        TypeSpec.Builder type = TypeSpec.classBuilder(self).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(INPUT_VALUE);
        ObjectTypeWriter.javadoc(type, input.getDescription());
        MethodSpec.Builder fields = MethodSpec.methodBuilder("fields").addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(Map.class, String.class, Object.class))
                .addStatement("$T<String, Object> fields = new $T<>()", Map.class, LinkedHashMap.class);
        for (InputValueDefinition field : input.getInputValueDefinitions()) {
            TypeName t = mapping.inputType(field.getType(), field);
            String name = ObjectTypeWriter.javaName(field.getName());
            type.addField(FieldSpec.builder(t, name, Modifier.PRIVATE).build());
            MethodSpec.Builder with = MethodSpec.methodBuilder("with" + ObjectTypeWriter.capitalize(field.getName()))
                    .addModifiers(Modifier.PUBLIC).returns(self).addParameter(t, name)
                    .addStatement("this.$L = $L", name, name).addStatement("return this");
            if (field.getDescription() != null) {
                with.addJavadoc("$L\n", field.getDescription().getContent().strip());
            }
            type.addMethod(with.build());
            type.addMethod(MethodSpec.methodBuilder("get" + ObjectTypeWriter.capitalize(field.getName()))
                    .addModifiers(Modifier.PUBLIC).returns(t).addStatement("return $L", name).build());
            if (TypeMapping.isRequired(field.getType(), field.getDefaultValue())) {
                fields.beginControlFlow("if ($L == null)", name)
                        .addStatement("throw new $T($S)", IllegalStateException.class,
                                input.getName() + "." + field.getName() + " is required")
                        .endControlFlow();
            }
            fields.beginControlFlow("if ($L != null)", name).addStatement("fields.put($S, $L)", field.getName(), name).endControlFlow();
        }
        return type.addMethod(fields.addStatement("return fields").build()).build();
    }
}
