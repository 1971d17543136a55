package dev.berth.operator.api.graphql;

import graphql.ExecutionInput;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.EnumValue;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.InlineFragment;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.validation.ValidationError;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Accepts a quoted enum value where an enum is expected, as Dagger's server does: the TypeScript
 * SDK writes enums nested in input objects as strings ({@code ports: [{backend: 53, protocol:
 * "UDP"}]}). Such a literal becomes the enum value it names before validation; anything else is
 * left for the validator to report.
 */
final class EnumLiterals implements PreparsedDocumentProvider {

    private final GraphQLSchema schema;

    EnumLiterals(GraphQLSchema schema) {
        this.schema = schema;
    }

    @Override
    public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
            Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
        ParseAndValidateResult parsed = ParseAndValidate.parse(input);
        if (parsed.isFailure()) {
            QueryLimits.noteParseFailure(input.getGraphQLContext(), parsed.getSyntaxException());
            return CompletableFuture.completedFuture(new PreparsedDocumentEntry(parsed.getSyntaxException().toInvalidSyntaxError()));
        }
        Document document = rewrite(parsed.getDocument());
        List<ValidationError> errors = ParseAndValidate.validate(schema, document, input.getLocale());
        return CompletableFuture.completedFuture(errors.isEmpty() ? new PreparsedDocumentEntry(document)
                : new PreparsedDocumentEntry(new ArrayList<>(errors)));
    }

    Document rewrite(Document document) {
        List<Definition> definitions = new ArrayList<>();
        for (Definition<?> definition : document.getDefinitions()) {
            if (definition instanceof OperationDefinition operation && schema.getQueryType() != null
                    && operation.getOperation() == OperationDefinition.Operation.QUERY) {
                definitions.add(operation.transform(b -> b.selectionSet(
                        selections(operation.getSelectionSet(), schema.getQueryType()))));
            } else if (definition instanceof FragmentDefinition fragment
                    && schema.getType(fragment.getTypeCondition().getName()) instanceof GraphQLFieldsContainer type) {
                definitions.add(fragment.transform(b -> b.selectionSet(selections(fragment.getSelectionSet(), type))));
            } else {
                definitions.add(definition);
            }
        }
        return document.transform(b -> b.definitions(definitions));
    }

    private SelectionSet selections(SelectionSet set, GraphQLFieldsContainer parent) {
        if (set == null) {
            return null;
        }
        List<Selection> out = new ArrayList<>();
        for (Selection<?> selection : set.getSelections()) {
            if (selection instanceof Field field && parent.getFieldDefinition(field.getName()) != null) {
                out.add(field(field, parent.getFieldDefinition(field.getName())));
            } else if (selection instanceof InlineFragment fragment) {
                GraphQLFieldsContainer type = fragment.getTypeCondition() != null
                        && schema.getType(fragment.getTypeCondition().getName()) instanceof GraphQLFieldsContainer c
                        ? c : parent;
                out.add(fragment.transform(b -> b.selectionSet(selections(fragment.getSelectionSet(), type))));
            } else {
                out.add(selection);
            }
        }
        return set.transform(b -> b.selections(out));
    }

    private Field field(Field field, GraphQLFieldDefinition definition) {
        List<Argument> arguments = new ArrayList<>();
        for (Argument argument : field.getArguments()) {
            GraphQLArgument declared = definition.getArgument(argument.getName());
            arguments.add(declared == null ? argument
                    : argument.transform(b -> b.value(value(argument.getValue(), declared.getType()))));
        }
        GraphQLType output = unwrap(definition.getType());
        SelectionSet children = output instanceof GraphQLFieldsContainer container
                ? selections(field.getSelectionSet(), container) : field.getSelectionSet();
        return field.transform(b -> b.arguments(arguments).selectionSet(children));
    }

    private Value<?> value(Value<?> value, GraphQLInputType type) {
        GraphQLType bare = type instanceof GraphQLNonNull nonNull ? nonNull.getWrappedType() : type;
        if (bare instanceof GraphQLEnumType enumType && value instanceof StringValue string
                && enumType.getValue(string.getValue()) != null) {
            return EnumValue.newEnumValue(string.getValue()).sourceLocation(string.getSourceLocation()).build();
        }
        if (bare instanceof GraphQLList list) {
            GraphQLInputType item = (GraphQLInputType) list.getWrappedType();
            if (value instanceof ArrayValue array) {
                List<Value> items = new ArrayList<>();
                array.getValues().forEach(v -> items.add(value(v, item)));
                return array.transform(b -> b.values(items));
            }
            return value(value, item);
        }
        if (bare instanceof GraphQLInputObjectType object && value instanceof ObjectValue fields) {
            List<ObjectField> out = new ArrayList<>();
            for (ObjectField f : fields.getObjectFields()) {
                GraphQLInputObjectField declared = object.getField(f.getName());
                out.add(declared == null ? f : f.transform(b -> b.value(value(f.getValue(), declared.getType()))));
            }
            return fields.transform(b -> b.objectFields(out));
        }
        return value;
    }

    private static GraphQLType unwrap(GraphQLType type) {
        GraphQLType current = type;
        while (current instanceof GraphQLNonNull || current instanceof GraphQLList) {
            current = current instanceof GraphQLNonNull n ? n.getWrappedType() : ((GraphQLList) current).getWrappedType();
        }
        return current;
    }
}
