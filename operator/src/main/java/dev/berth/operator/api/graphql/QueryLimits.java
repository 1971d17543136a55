package dev.berth.operator.api.graphql;

import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.language.Document;
import graphql.parser.ParserOptions;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.exceptions.ParseCancelledException;
import graphql.parser.exceptions.ParseCancelledTooDeepException;
import graphql.parser.exceptions.ParseCancelledTooManyCharsException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * How large a GraphQL document Berth parses, and the error for a larger one.
 *
 * <p>graphql-java's defaults (1 MiB, 15 000 tokens, grammar depth 500) are sized for hand-written
 * queries. Dagger's SDKs send a whole call chain as nested selections, three grammar rules per
 * call, so depth 500 ends a chain at about 160 calls; and they inline IDs and file contents as
 * string literals. These limits take chains of about 600 calls and documents as large as the
 * HTTP body limit. The depth also bounds the stack the parser and the executor need (queries
 * run on {@code http.QueryThreads}, whose stacks take it with room to spare) and keeps the
 * answer's JSON within Jackson's nesting limit (1000).
 *
 * <p>A document over a limit gets one GraphQL error ({@code extensions.code = QUERY_TOO_LARGE})
 * naming the limit and how to stay under it, instead of graphql-java's generic syntax error.
 */
public final class QueryLimits extends SimplePerformantInstrumentation {

    /** The longest document, in characters; also the HTTP body limit of {@code /query}. */
    public static final int MAX_CHARACTERS = 16 * 1024 * 1024;
    static final int MAX_TOKENS = 250_000;
    /** Whitespace costs only the lexer (one token per character): the character limit bounds it. */
    static final int MAX_WHITESPACE_TOKENS = MAX_CHARACTERS;
    /** Three rules per nested call plus the deepest argument: about {@link #MAX_CHAIN} calls. */
    static final int MAX_RULE_DEPTH = 2_000;
    static final int MAX_CHAIN = 600;

    /** graphql-java reads them from the request's GraphQLContext, under {@code ParserOptions.class}. */
    static final ParserOptions PARSER_OPTIONS = ParserOptions.getDefaultOperationParserOptions().transform(o -> o
            .maxCharacters(MAX_CHARACTERS)
            .maxTokens(MAX_TOKENS)
            .maxWhitespaceTokens(MAX_WHITESPACE_TOKENS)
            .maxRuleDepth(MAX_RULE_DEPTH));

    private static final String CANCELLED = QueryLimits.class.getName() + ".cancelled";

    @Override
    public InstrumentationContext<Document> beginParse(InstrumentationExecutionParameters parameters,
            InstrumentationState state) {
        return SimpleInstrumentationContext.whenCompleted((document, failure) ->
                noteParseFailure(parameters.getGraphQLContext(), failure));
    }

    /** A parse over a limit is answered with one QUERY_TOO_LARGE error (see instrumentExecutionResult). */
    static void noteParseFailure(graphql.GraphQLContext context, Throwable failure) {
        if (isOverLimit(failure)) {
            context.put(CANCELLED, failure);
        }
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        InvalidSyntaxException cancelled = parameters.getGraphQLContext().get(CANCELLED);
        if (cancelled == null) {
            return CompletableFuture.completedFuture(result);
        }
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", "QUERY_TOO_LARGE");
        extensions.put("classification", "InvalidSyntax");
        GraphqlErrorBuilder<?> error = GraphqlErrorBuilder.newError().message(message(cancelled)).extensions(extensions);
        if (cancelled.getLocation() != null) {
            error.location(cancelled.getLocation());
        }
        return CompletableFuture.completedFuture(ExecutionResult.newExecutionResult().addError(error.build()).build());
    }

    /** graphql-java cancels a parse over a limit with one of these (not all ParseCancelledExceptions). */
    private static boolean isOverLimit(Throwable failure) {
        return failure instanceof ParseCancelledException || failure instanceof ParseCancelledTooDeepException
                || failure instanceof ParseCancelledTooManyCharsException;
    }

    static String message(InvalidSyntaxException cancelled) {
        if (cancelled instanceof ParseCancelledTooDeepException) {
            return "query nested too deeply: Berth parses at most " + MAX_RULE_DEPTH + " levels of grammar rules, "
                    + "about " + MAX_CHAIN + " chained calls; split the chain: select the id of an object part "
                    + "way and continue from loadContainerFromID(id) in a second query";
        }
        if (cancelled instanceof ParseCancelledTooManyCharsException) {
            return "query too long: Berth parses at most " + MAX_CHARACTERS + " characters (16 MiB)";
        }
        return "query too large: more than " + MAX_TOKENS + " tokens, which Berth does not parse; "
                + "split it into several queries";
    }
}
