package dev.berth.cli.files;

import static dev.berth.cli.files.TestTrees.dir;
import static dev.berth.cli.files.TestTrees.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Walking a host directory: order, modes, links, patterns, limits. */
class HostTreeTest {

    @TempDir
    Path tmp;

    private static List<String> describe(List<ManifestEntry> entries) {
        return entries.stream().map(e -> switch (e.kind()) {
            case 'd' -> "d " + e.path() + " " + Integer.toOctalString(e.mode());
            case 'f' -> "f " + e.path() + " " + Integer.toOctalString(e.mode()) + " " + e.size();
            default -> "l " + e.path() + " -> " + e.target();
        }).toList();
    }

    @Test
    void listsDirectoriesBeforeTheirContentsSortedWithModesAndLinksNotFollowed() throws IOException {
        Path root = tmp.resolve("project");
        dir(root, "src", 0750);
        file(root, "src/main.go", "package main\n", 0644);
        file(root, "run.sh", "#!/bin/sh\n", 0755);
        dir(root, "empty", 0700);
        Path outside = dir(tmp, "outside", 0755);
        file(outside, "secret", "s", 0600);
        Files.createSymbolicLink(root.resolve("out"), outside);
        Files.createSymbolicLink(root.resolve("src/self"), Path.of("main.go"));

        HostTree.Listing listing = HostTree.directory("project", root, HostPatterns.ALL, Limits.DEFAULT);

        assertEquals(List.of(
                "d empty 700",
                "l out -> " + outside,
                "f run.sh 755 10",
                "d src 750",
                "f src/main.go 644 13",
                "l src/self -> main.go"), describe(listing.entries()));
        assertEquals(2, listing.files());
        assertEquals(23, listing.bytes());
        assertNull(listing.entries().get(2).digest(), "hashing is FileHasher's job");
    }

    @Test
    void patternsDecideWhatIsListedAndExcludedDirectoriesAreNotEntered() throws IOException {
        Path root = tmp.resolve("app");
        for (String directory : List.of("node_modules", "node_modules/left-pad", "logs", "src", ".git")) {
            dir(root, directory, 0755);
        }
        file(root, "node_modules/left-pad/index.js", "x", 0644);
        file(root, "node_modules/keep.txt", "k", 0644);
        file(root, "logs/a.log", "a", 0644);
        file(root, "keep.log", "k", 0644);
        file(root, "debug.log", "d", 0644);
        file(root, ".gitignore", "g", 0644);
        file(root, ".git/HEAD", "h", 0644);
        file(root, "src/a.go", "a", 0644);
        // an excluded directory that cannot be read: it is never opened
        Path locked = dir(root, "cache", 0755);
        file(root, "cache/x", "x", 0644);
        FileModes.set(locked, 0);
        try {
            HostPatterns patterns = HostPatterns.of(List.of(),
                    List.of("node_modules", "**/*.log", "!keep.log", ".git*", "cache"));
            HostTree.Listing listing = HostTree.directory("app", root, patterns, Limits.DEFAULT);
            assertEquals(List.of("f keep.log 644 1", "d logs 755", "d src 755", "f src/a.go 644 1"),
                    describe(listing.entries()));

            HostPatterns reinclude = HostPatterns.of(List.of(), List.of("node_modules", "!node_modules/keep.txt",
                    "cache", "src", "logs", ".git*", "*.log"));
            assertEquals(List.of("d node_modules 755", "f node_modules/keep.txt 644 1"),
                    describe(HostTree.directory("app", root, reinclude, Limits.DEFAULT).entries()));

            HostPatterns include = HostPatterns.of(List.of("**/*.go", "*.log"), List.of("debug.log", "cache"));
            assertEquals(List.of("f keep.log 644 1", "d src 755", "f src/a.go 644 1"),
                    describe(HostTree.directory("app", root, include, Limits.DEFAULT).entries()));
        } finally {
            FileModes.set(locked, 0755);
        }
    }

    @Test
    void aMissingPathOrAFileIsNotADirectory() throws IOException {
        TransferException missing = assertThrows(TransferException.class,
                () -> HostTree.directory("./nope", tmp.resolve("nope"), HostPatterns.ALL, Limits.DEFAULT));
        assertEquals("no such directory: ./nope (resolved to " + tmp.resolve("nope") + ")", missing.getMessage());

        Path file = file(tmp, "f.txt", "x", 0644);
        TransferException notDir = assertThrows(TransferException.class,
                () -> HostTree.directory("f.txt", file, HostPatterns.ALL, Limits.DEFAULT));
        assertEquals("not a directory: f.txt (resolved to " + file + ")", notDir.getMessage());
    }

    @Test
    void aFileIsOneEntryNamedByItsBaseName() throws IOException {
        Path file = file(tmp, "conf/app.yaml", "a: 1\n", 0640);
        HostTree.Listing listing = HostTree.file("conf/app.yaml", file, Limits.DEFAULT);
        assertEquals(List.of("f app.yaml 640 5"), describe(listing.entries()));

        // a link given as the path is followed, and keeps its own name
        Path link = Files.createSymbolicLink(tmp.resolve("current.yaml"), file);
        assertEquals(List.of("f current.yaml 640 5"),
                describe(HostTree.file("current.yaml", link, Limits.DEFAULT).entries()));

        TransferException dir = assertThrows(TransferException.class,
                () -> HostTree.file("conf", tmp.resolve("conf"), Limits.DEFAULT));
        assertEquals("not a regular file: conf (resolved to " + tmp.resolve("conf") + "): it is a directory",
                dir.getMessage());
        TransferException missing = assertThrows(TransferException.class,
                () -> HostTree.file("x", tmp.resolve("x"), Limits.DEFAULT));
        assertEquals("no such file: x (resolved to " + tmp.resolve("x") + ")", missing.getMessage());
    }

    @Test
    void limitsAreCheckedWhileWalkingNamingThePathAndTheLimit() throws IOException {
        Path root = tmp.resolve("big");
        for (int i = 0; i < 20; i++) {
            file(root, "d" + i + "/f", "0123456789", 0644);
        }
        TransferException entries = assertThrows(TransferException.class,
                () -> HostTree.directory("big", root, HostPatterns.ALL, new Limits(25, 1 << 20)));
        assertTrue(entries.getMessage().startsWith("cannot upload big: more than 25 files, directories and links, "
                + "the limit of one upload"), entries.getMessage());

        TransferException bytes = assertThrows(TransferException.class,
                () -> HostTree.directory("big", root, HostPatterns.ALL, new Limits(1000, 100)));
        assertTrue(bytes.getMessage().startsWith("cannot upload big: more than 100 B of files, the limit of one "
                + "upload"), bytes.getMessage());
        assertEquals("4.0 GiB", Sizes.human(Limits.DEFAULT.maxBytes()));

        TransferException file = assertThrows(TransferException.class,
                () -> HostTree.file("big/d0/f", root.resolve("d0/f"), new Limits(1000, 5)));
        assertTrue(file.getMessage().startsWith("cannot upload big/d0/f: more than 5 B"), file.getMessage());
    }

    @Test
    void pathsAreResolvedAgainstTheWorkingDirectoryAndHome() throws TransferException {
        HostPaths paths = new HostPaths(Path.of("/work/project"), Path.of("/home/me"));
        assertEquals(Path.of("/work/project/src"), paths.resolve("src"));
        assertEquals(Path.of("/work/project/src"), paths.resolve("./src/"));
        assertEquals(Path.of("/work/other"), paths.resolve("../other"));
        assertEquals(Path.of("/work/project"), paths.resolve("."));
        assertEquals(Path.of("/etc/x"), paths.resolve("/etc/x"));
        assertEquals(Path.of("/home/me"), paths.resolve("~"));
        assertEquals(Path.of("/home/me/.config/app"), paths.resolve("~/.config/app"));
        assertEquals(Path.of("/work/project/~other"), paths.resolve("~other"));
    }
}
