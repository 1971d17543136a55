package dev.berth.sdk.exception;

import io.smallrye.graphql.client.GraphQLError;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The API answered a query with GraphQL errors. Checked, with Dagger's Java SDK's name, so code
 * written against Dagger's SDK ({@code catch (DaggerQueryException e)}) ports by its import line.
 */
public class DaggerQueryException extends Exception {

    private final List<GraphQLError> errors;

    public DaggerQueryException(List<GraphQLError> errors) {
        super(errors.stream().map(GraphQLError::getMessage).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public DaggerQueryException(String message) {
        super(message);
        this.errors = List.of();
    }

    public List<GraphQLError> getErrors() {
        return errors;
    }
}
