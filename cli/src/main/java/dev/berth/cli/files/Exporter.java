package dev.berth.cli.files;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * An {@code export} request (docs/files.md): the API sends the directory or file as a bundle
 * ({@code GET /sessions/<id>/exports/<request>}) and berth writes it on this machine.
 */
public final class Exporter {

    /** The engine has the export ready when it asks; this bounds a stuck API, not a large export. */
    private static final Duration HEADERS_TIMEOUT = Duration.ofMinutes(10);

    private final SessionApi api;
    private final HostPaths paths;

    public Exporter(SessionApi api, HostPaths paths) {
        this.api = api;
        this.paths = paths;
    }

    /**
     * {@code Directory.export}: writes the export of request {@code requestId} under
     * {@code path} ({@code wipe}: what is there goes first); returns the absolute path written.
     */
    public Path exportDirectory(String requestId, String path, boolean wipe, BooleanSupplier cancelled)
            throws IOException {
        Path target = paths.resolve(path);
        try (BundleReader reader = get(requestId, path)) {
            prepareDirectory(path, target, wipe); // once the export is there: a failed one wipes nothing
            writeDirectory(reader, target, cancelled);
        } catch (TransferException e) {
            throw e;
        } catch (IOException e) {
            throw failed(path, target, e);
        }
        return target;
    }

    /**
     * {@code File.export}: writes the file of request {@code requestId} at {@code path}, or, with
     * {@code allowParentDirPath} and a directory there, into it as {@code name} (the record's
     * name when null), as Dagger does; returns the absolute path written.
     */
    public Path exportFile(String requestId, String path, String name, boolean allowParentDirPath)
            throws IOException {
        Path given = paths.resolve(path);
        if (Files.isDirectory(given) && !allowParentDirPath) {
            throw new TransferException("cannot export a file to " + path + " (resolved to " + given
                    + "): it is a directory (allowParentDirPath writes the file into it)");
        }
        try (BundleReader reader = get(requestId, path)) {
            Bundle record = reader.next();
            if (record.kind() != Bundle.Kind.FILE) {
                throw new IOException("the export of a file sent a " + record.kind() + " record");
            }
            Path target = given;
            if (Files.isDirectory(given)) {
                target = given.resolve(fileName(name != null ? name : record.path()));
                if (Files.isDirectory(target)) {
                    throw new TransferException("cannot export a file to " + target + ": it is a directory");
                }
            }
            writeFile(reader, record, target);
            return target;
        } catch (TransferException e) {
            throw e;
        } catch (IOException e) {
            throw failed(path, given, e);
        }
    }

    /** The export's bundle; a refused request is a TransferException with the API's text. */
    private BundleReader get(String requestId, String path) throws IOException {
        HttpRequest request = api.request("exports", requestId).timeout(HEADERS_TIMEOUT).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = api.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new TransferException("exporting to " + path + ": cannot reach the Berth API at " + api.describe()
                    + " (connection refused)", e);
        } catch (IOException e) {
            throw new TransferException("exporting to " + path + " failed: " + SessionApi.reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransferException("exporting to " + path + ": interrupted");
        }
        if (response.statusCode() != 200) {
            try (InputStream body = response.body()) {
                String text = new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8);
                throw new TransferException(SessionApi.reason(response.statusCode(), text, "exporting to " + path));
            }
        }
        return new BundleReader(response.body());
    }

    private static TransferException failed(String given, Path target, IOException e) {
        return new TransferException("exporting to " + given + " (resolved to " + target + ") failed: "
                + SessionApi.reason(e), e);
    }

    /** A file's name from the engine: one path segment, nothing that could leave the directory. */
    private static String fileName(String name) throws IOException {
        try {
            Bundle.checkPath(name);
        } catch (IllegalArgumentException e) {
            throw new IOException("bad file name from the engine: " + e.getMessage());
        }
        if (name.contains("/")) {
            throw new IOException("bad file name from the engine: '" + name + "' has a '/'");
        }
        return name;
    }

    private void prepareDirectory(String given, Path target, boolean wipe) throws IOException {
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new TransferException("cannot export a directory to " + given + " (resolved to " + target
                    + "): it is a file");
        }
        if (wipe && Files.isDirectory(target)) {
            // a mistyped path must not cost the user their home
            if (target.getParent() == null || target.equals(paths.home().toAbsolutePath().normalize())) {
                throw new TransferException("refusing to wipe " + target + " for an export to " + given);
            }
            wipeContents(target);
        }
        Files.createDirectories(target);
    }

    private static void writeDirectory(BundleReader reader, Path target, BooleanSupplier cancelled)
            throws IOException {
        DirectoryWriter writer = new DirectoryWriter(target);
        for (Bundle record = reader.next(); record.kind() != Bundle.Kind.END; record = reader.next()) {
            if (cancelled.getAsBoolean()) {
                throw new TransferException("export to " + target + " stopped: berth is shutting down");
            }
            writer.write(record, reader.content());
        }
        writer.finish();
    }

    /**
     * One {@code f} record, written beside the target and moved into place: a failed export
     * leaves the previous file as it was.
     */
    private static void writeFile(BundleReader reader, Bundle record, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".berth-export");
        try {
            Files.copy(reader.content(), temporary, StandardCopyOption.REPLACE_EXISTING);
            if (reader.next().kind() != Bundle.Kind.END) {
                throw new IOException("the export of a file sent more than one record");
            }
            FileModes.set(temporary, record.mode());
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Deletes what is inside {@code target} (links themselves, never what they point to). */
    private static void wipeContents(Path target) throws IOException {
        Path dir = target.toRealPath(); // the target may be a link to the directory: keep the link
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path path, BasicFileAttributes attributes) throws IOException {
                // a read-only directory's entries cannot be deleted otherwise
                if (!Files.isWritable(path)) {
                    FileModes.set(path, 0700);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path path, BasicFileAttributes attributes) throws IOException {
                Files.delete(path);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path path, IOException error) throws IOException {
                if (error != null) {
                    throw error;
                }
                if (!path.equals(dir)) {
                    Files.delete(path);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
