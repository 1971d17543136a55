package dev.berth.operator.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.files.FilesException;
import dev.berth.operator.api.host.FileTransfers;
import dev.berth.operator.api.sessions.ApiSession;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The bytes of host file requests (docs/files.md), for a session already authenticated by
 * {@link ApiRoutes}: {@code POST .../uploads/<request>/manifest} and {@code .../blobs},
 * {@code GET .../exports/<request>}. Bodies go through a temporary file, never whole into memory.
 */
final class FileRoutes {

    private static final Logger LOG = Logger.getLogger(FileRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A listing of the most entries Berth takes, with long paths. */
    static final int MAX_MANIFEST_BYTES = 128 * 1024 * 1024;

    private FileRoutes() {
    }

    private static FileTransfers transfers(RoutingContext ctx, String key) {
        ApiSession session = ctx.get(key);
        return session.host().files().transfers();
    }

    /** Runs on a worker thread with the body read (BodyHandler). */
    static void manifest(RoutingContext ctx, String sessionKey) {
        try {
            JsonNode body = JSON.readTree(ApiRoutes.bodyBytes(ctx));
            Set<String> missing = transfers(ctx, sessionKey).manifest(ctx.pathParam("request"), body);
            byte[] answer = JSON.writeValueAsBytes(Map.of("missing", missing));
            ctx.response().putHeader("Content-Type", "application/json").end(io.vertx.core.buffer.Buffer.buffer(answer));
        } catch (RuntimeException | IOException e) {
            fail(ctx, e);
        }
    }

    /** Stores the blobs on a worker thread as the body arrives (checked against the listing first). */
    static void blobs(RoutingContext ctx, String sessionKey) {
        ctx.request().pause();
        FileTransfers transfers = transfers(ctx, sessionKey);
        String request = ctx.pathParam("request");
        long declared = ApiRoutes.declaredLength(ctx);
        try {
            long budget = transfers.blobBudget(request);
            if (declared < 0 || declared > budget) {
                ctx.response().putHeader("Connection", "close");
                ctx.response().setStatusCode(declared < 0 ? 411 : 413)
                        .putHeader("Content-Type", "text/plain; charset=utf-8")
                        .end(declared < 0 ? "send the blobs with a Content-Length"
                                : "the blobs are " + declared + " bytes; the listing allows at most " + budget)
                        .onComplete(v -> ctx.request().connection().close());
                return;
            }
        } catch (RuntimeException e) {
            fail(ctx, e);
            return;
        }
        RequestBodyStream body = new RequestBodyStream(ctx.request());
        ctx.request().resume();
        ctx.vertx().executeBlocking(() -> {
            transfers.blobs(request, body);
            return null;
        }, false).onComplete(done -> {
            if (done.succeeded()) {
                ctx.response().setStatusCode(204).end();
            } else {
                ctx.response().putHeader("Connection", "close"); // the rest of the body is not read
                fail(ctx, done.cause());
            }
        });
    }

    /** Writes the export's bundle to a temporary file on a worker thread, then sends it. */
    static void export(RoutingContext ctx, String sessionKey) {
        FileTransfers transfers = transfers(ctx, sessionKey);
        String request = ctx.pathParam("request");
        ctx.vertx().executeBlocking(() -> {
            Path temp = Files.createTempFile("berth-export-", ".bundle");
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(temp), 256 * 1024)) {
                transfers.export(request, out);
            } catch (IOException | RuntimeException e) {
                deleteQuietly(temp);
                throw e;
            }
            return temp;
        }, false).onComplete(made -> {
            if (made.failed()) {
                fail(ctx, made.cause());
                return;
            }
            ctx.response().putHeader("Content-Type", "application/octet-stream")
                    .sendFile(made.result().toString())
                    .onComplete(sent -> deleteQuietly(made.result()));
        });
    }

    private static void fail(RoutingContext ctx, Throwable e) {
        int status = e instanceof FileTransfers.UnknownRequest ? 404 : e instanceof FilesException ? 400 : 500;
        if (status == 500) {
            LOG.warnf(e, "file transfer %s failed", ctx.request().path());
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8")
                .end(String.valueOf(e.getMessage()));
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debugf("cannot delete %s: %s", path, e.getMessage());
        }
    }
}
