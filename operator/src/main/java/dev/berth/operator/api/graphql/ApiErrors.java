package dev.berth.operator.api.graphql;

import dev.berth.engine.k8s.EngineException;
import dev.berth.engine.k8s.ExecException;
import dev.berth.engine.k8s.ServiceException;
import dev.berth.engine.model.ValidationException;
import dev.berth.operator.api.ApiException;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;

/**
 * Turns exceptions of data fetchers into GraphQL errors (message, path, locations, extensions).
 *
 * <p>Exec failures use Dagger's extensions exactly ({@code _type: "EXEC_ERROR"}, {@code cmd},
 * {@code exitCode}, {@code stdout}, {@code stderr}; Dagger's {@code core/exec_error.go}), which
 * the TypeScript SDK turns into {@code ExecError} and the Python SDK into
 * {@code dagger.ExecError}. Other errors carry a {@code code}; validation errors also the
 * {@code field} and {@code reason}.
 */
public final class ApiErrors implements DataFetcherExceptionHandler {

    private static final Logger LOG = Logger.getLogger(ApiErrors.class);

    @Override
    public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
            DataFetcherExceptionHandlerParameters params) {
        Throwable e = unwrap(params.getException());
        GraphqlErrorBuilder<?> error = GraphqlErrorBuilder.newError()
                .path(params.getPath())
                .location(params.getSourceLocation());
        Map<String, Object> ext = new LinkedHashMap<>();
        String message;
        if (e instanceof ExecException x) {
            message = x.getMessage();
            ext.put("_type", "EXEC_ERROR");
            ext.put("cmd", x.command());
            ext.put("exitCode", x.exitCode());
            // Dagger trims both (core/exec_error.go: strings.TrimSpace)
            ext.put("stdout", x.stdout() == null ? "" : x.stdout().strip());
            ext.put("stderr", x.stderr() == null ? "" : x.stderr().strip());
        } else if (e instanceof ValidationException x) {
            message = x.field() + ": " + x.reason();
            ext.put("code", "VALIDATION_ERROR");
            ext.put("field", x.field());
            ext.put("reason", x.reason());
        } else if (e instanceof dev.berth.engine.k8s.host.TcpOnlyException x) {
            message = x.field() + ": " + x.getMessage();
            ext.put("code", ApiException.NOT_SUPPORTED);
            ext.put("field", x.field());
        } else if (e instanceof ApiException x) {
            message = x.getMessage();
            ext.put("code", x.code());
            ext.putAll(x.extensions());
        } else if (e instanceof ServiceException x) {
            message = x.getMessage();
            ext.put("code", "SERVICE_ERROR");
            ext.put("hostname", x.hostname());
            x.exitCode().ifPresent(code -> ext.put("exitCode", code));
            ext.put("output", x.output());
        } else if (e instanceof dev.berth.engine.files.FilesException x) {
            message = x.getMessage();
            ext.put("code", "FILE_ERROR");
        } else if (e instanceof EngineException x) {
            message = x.getMessage();
            ext.put("code", "ENGINE_ERROR");
        } else if (e instanceof KubernetesClientException x) {
            LOG.warnf(x, "Kubernetes API error at %s", params.getPath());
            message = "Kubernetes API error: " + x.getMessage();
            ext.put("code", "KUBERNETES_ERROR");
        } else {
            LOG.errorf(e, "internal error at %s", params.getPath());
            message = "internal error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage());
            ext.put("code", "INTERNAL");
        }
        GraphQLError built = error.message(message).extensions(ext).build();
        return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult(built).build());
    }

    private static Throwable unwrap(Throwable e) {
        Throwable current = e;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
