package dev.berth.cli.files;

import static dev.berth.cli.files.TestTrees.dir;
import static dev.berth.cli.files.TestTrees.file;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** readHost against a stand-in of the engine's upload endpoints. */
class UploaderTest {

    @TempDir
    Path tmp;
    private FakeFileApi engine;
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private Uploader uploader;
    private Path home;

    @BeforeEach
    void start() throws IOException {
        engine = new FakeFileApi("s1", "tok");
        home = Files.createDirectories(tmp.resolve("home"));
        uploader = new Uploader(engine.api(), new HostPaths(tmp.resolve("cwd"), home), Limits.DEFAULT, stderr::add);
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private Uploader.Uploaded upload(String id, String path, List<String> include, List<String> exclude)
            throws IOException {
        return uploader.upload(id, true, path, include, exclude, () -> false);
    }

    @Test
    void uploadsATreeOnceAndASecondUploadSendsNoBlobs() throws IOException {
        Path project = tmp.resolve("cwd/project");
        dir(project, "src", 0750);
        file(project, "src/main.go", "package main\n", 0644);
        file(project, "src/copy.go", "package main\n", 0644); // same content: one blob
        file(project, "run.sh", "#!/bin/sh\necho hi\n", 0755);
        file(project, "empty.txt", "", 0600);
        Files.createSymbolicLink(project.resolve("link"), Path.of("src/main.go"));

        Uploader.Uploaded first = upload("r1", "project", List.of(), List.of());

        assertEquals(new Uploader.Uploaded(4, 13 + 13 + 18, 3, 13 + 18), first);
        JsonNode entries = engine.manifests.get("r1").path("entries");
        assertEquals(FakeFileApi.JSON.readTree("""
                [{"p":"empty.txt","k":"f","m":384,"s":0,"d":"%s"},
                 {"p":"link","k":"l","l":"src/main.go"},
                 {"p":"run.sh","k":"f","m":493,"s":18,"d":"%s"},
                 {"p":"src","k":"d","m":488},
                 {"p":"src/copy.go","k":"f","m":420,"s":13,"d":"%s"},
                 {"p":"src/main.go","k":"f","m":420,"s":13,"d":"%s"}]
                """.formatted(FakeFileApi.sha256(new byte[0]), sha("#!/bin/sh\necho hi\n"), sha("package main\n"),
                sha("package main\n"))), entries);
        assertArrayEquals("#!/bin/sh\necho hi\n".getBytes(), engine.store.get(sha("#!/bin/sh\necho hi\n")));
        assertEquals(List.of("POST /sessions/s1/uploads/r1/manifest", "POST /sessions/s1/uploads/r1/blobs"),
                engine.requests);

        Uploader.Uploaded second = upload("r2", tmp.resolve("cwd/project").toString(), List.of(), List.of());

        assertEquals(new Uploader.Uploaded(4, 44, 0, 0), second);
        assertEquals(List.of("POST /sessions/s1/uploads/r2/manifest"), engine.requestsOf("r2"));
        assertEquals(List.of(), stderr, "small uploads are quiet");
    }

    @Test
    void onlyTheBlobsTheStoreLacksAreSentWithTheExactLength() throws IOException {
        Path dir = tmp.resolve("cwd/d");
        file(dir, "known", "already there", 0644);
        file(dir, "new", "not yet", 0644);
        engine.store.put(sha("already there"), "already there".getBytes());

        Uploader.Uploaded uploaded = upload("r1", "d", List.of(), List.of());

        assertEquals(1, uploaded.sentBlobs());
        assertEquals(7, uploaded.sentBytes());
        long expected = Bundle.blob(sha("not yet"), 7).header().length + 7 + Bundle.END.header().length;
        assertEquals(List.of(Long.toString(expected)), engine.blobLengths);
    }

    @Test
    void patternsAndHomeAndFiles() throws IOException {
        Path repo = home.resolve("repo");
        file(repo, "node_modules/x/index.js", "x", 0644);
        file(repo, "a.log", "a", 0644);
        file(repo, "keep.log", "k", 0644);
        file(repo, ".git/HEAD", "h", 0644);
        file(repo, "main.js", "m", 0644);

        upload("r1", "~/repo", List.of(), List.of("node_modules", "**/*.log", "!keep.log", ".git*"));

        List<String> paths = new ArrayList<>();
        engine.manifests.get("r1").path("entries").forEach(e -> paths.add(e.path("p").asText()));
        assertEquals(List.of("keep.log", "main.js"), paths);

        file(tmp, "cwd/conf/app.yaml", "a: 1\n", 0640);
        Uploader.Uploaded file = uploader.upload("r2", false, "conf/app.yaml", List.of(), List.of(), () -> false);
        assertEquals(new Uploader.Uploaded(1, 5, 1, 5), file);
        assertEquals(FakeFileApi.JSON.readTree("{\"entries\":[{\"p\":\"app.yaml\",\"k\":\"f\",\"m\":416,\"s\":5,"
                + "\"d\":\"" + sha("a: 1\n") + "\"}]}"), engine.manifests.get("r2"));

        TransferException bad = assertThrows(TransferException.class,
                () -> upload("r3", "~/repo", List.of(), List.of("[oops")));
        assertEquals("cannot upload ~/repo: bad pattern \"[oops\": '[' without ']'", bad.getMessage());
    }

    @Test
    void aMissingDirectoryIsNamedAsGivenAndResolved() {
        TransferException error = assertThrows(TransferException.class,
                () -> upload("r1", "./nowhere", List.of(), List.of()));
        assertEquals("no such directory: ./nowhere (resolved to " + tmp.resolve("cwd/nowhere") + ")",
                error.getMessage());
        assertEquals(List.of(), engine.requests, "nothing is sent");
    }

    @Test
    void aFileThatChangesDuringTheUploadFailsClearly() throws IOException {
        Path dir = tmp.resolve("cwd/d");
        Path growing = file(dir, "growing.txt", "first version", 0644);
        engine.onManifest = id -> {
            try {
                Files.writeString(growing, " and more", StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };

        TransferException error = assertThrows(TransferException.class,
                () -> upload("r1", "d", List.of(), List.of()));

        assertEquals("cannot upload d: " + growing + " changed while it was being uploaded (13 bytes when hashed, "
                + "22 bytes now); try again once nothing writes to it", error.getMessage());
        // The 13 bytes hashed make a whole, correct blob that may reach the engine before berth sees
        // the file go on (content-addressed: harmless); what was appended must never be stored.
        assertTrue(engine.store.keySet().stream().allMatch(sha("first version")::equals), engine.store.keySet()::toString);
        assertFalse(engine.store.containsKey(sha("first version and more")));

        // shorter than hashed (with the blob stored above, nothing would be sent, so nothing read)
        engine.store.clear();
        Files.writeString(growing, "first version");
        engine.onManifest = id -> {
            try {
                Files.writeString(growing, "short");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        TransferException shorter = assertThrows(TransferException.class,
                () -> upload("r2", "d", List.of(), List.of()));
        assertTrue(shorter.getMessage().contains("changed while it was being uploaded (13 bytes when hashed, 5 bytes "
                + "now)"), shorter.getMessage());
    }

    @Test
    void anHttpFailureAnswersWithTheServersText() throws IOException {
        file(tmp, "cwd/d/a", "a", 0644);
        engine.refuseStatus = 413;
        engine.refuseBody = "manifest over the limit: 250000 entries (at most 200000)\n";
        TransferException error = assertThrows(TransferException.class,
                () -> upload("r1", "d", List.of(), List.of()));
        assertEquals("manifest over the limit: 250000 entries (at most 200000)", error.getMessage());

        engine.refuseStatus = 500;
        engine.refuseBody = "";
        TransferException empty = assertThrows(TransferException.class,
                () -> upload("r2", "d", List.of(), List.of()));
        assertEquals("uploading d (manifest) failed: HTTP 500", empty.getMessage());

        Uploader wrongToken = new Uploader(new SessionApi(engine.base(), "s1", "wrong"),
                new HostPaths(tmp.resolve("cwd"), home), Limits.DEFAULT, stderr::add);
        TransferException unauthorized = assertThrows(TransferException.class,
                () -> wrongToken.upload("r3", true, "d", List.of(), List.of(), () -> false));
        assertEquals("unauthorized", unauthorized.getMessage());
    }

    @Test
    void anUnreachableApiIsNamed() throws IOException {
        file(tmp, "cwd/d/a", "a", 0644);
        java.net.URI base = engine.base();
        engine.close();
        Uploader gone = new Uploader(new SessionApi(base, "s1", "tok"), new HostPaths(tmp.resolve("cwd"), home),
                Limits.DEFAULT, stderr::add);
        TransferException error = assertThrows(TransferException.class,
                () -> gone.upload("r1", true, "d", List.of(), List.of(), () -> false));
        assertEquals("uploading d: cannot reach the Berth API at " + base + " (connection refused)",
                error.getMessage());
    }

    @Test
    void aLargeTreeIsHashedInParallelStreamedAndReported() throws IOException {
        Path dir = tmp.resolve("cwd/big");
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            byte[] content = TestTrees.random(100_000 + i, i);
            contents.add(content);
            file(dir, "part" + (i / 10) + "/f" + i, content, 0644);
        }
        byte[] large = TestTrees.random(12 << 20, 1000);
        file(dir, "large.bin", large, 0644);

        Uploader.Uploaded uploaded = upload("r1", "big", List.of(), List.of());

        long total = large.length + contents.stream().mapToLong(c -> c.length).sum();
        assertEquals(new Uploader.Uploaded(101, total, 101, total), uploaded);
        assertArrayEquals(large, engine.store.get(FakeFileApi.sha256(large)));
        for (byte[] content : contents) {
            assertArrayEquals(content, engine.store.get(FakeFileApi.sha256(content)));
        }
        String size = Sizes.human(total); // 21.5 MiB
        String last = stderr.get(stderr.size() - 1);
        assertTrue(last.matches("uploaded big: 101 files, " + size + " \\(" + size + " sent\\) in \\d+\\.\\d s"),
                last);
        for (String line : stderr.subList(0, stderr.size() - 1)) {
            assertTrue(line.matches("uploading big: 101 files, " + size + " \\(.* of " + size + " sent\\)"), line);
        }
    }

    @Test
    void progressIsPrintedAtMostOnceASecond() {
        List<String> lines = new ArrayList<>();
        long[] now = {0};
        UploadProgress progress = new UploadProgress("./src", 1234, 100L << 20, 60L << 20, lines::add, () -> now[0]);
        progress.sent(1 << 20);
        now[0] = 500_000_000L;
        progress.sent(10 << 20);
        now[0] = 1_000_000_000L;
        progress.sent(24 << 20);
        now[0] = 1_200_000_000L;
        progress.sent(25 << 20);
        now[0] = 3_500_000_000L;
        progress.done();
        assertEquals(List.of("uploading ./src: 1234 files, 100.0 MiB (35.0 MiB of 60.0 MiB sent)",
                "uploaded ./src: 1234 files, 100.0 MiB (60.0 MiB sent) in 3.5 s"), lines);

        List<String> quiet = new ArrayList<>();
        UploadProgress small = new UploadProgress("x", 1, 8L << 20, 8L << 20, quiet::add, () -> now[0]);
        now[0] += 5_000_000_000L;
        small.sent(8L << 20);
        small.done();
        assertEquals(List.of(), quiet, "8 MiB or less is quiet");
    }

    private static String sha(String text) {
        return FakeFileApi.sha256(text.getBytes());
    }
}
