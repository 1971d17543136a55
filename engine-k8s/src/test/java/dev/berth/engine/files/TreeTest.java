package dev.berth.engine.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TreeTest {

    private static final String A = Blobs.of("a".getBytes());
    private static final String B = Blobs.of("b".getBytes());

    private static Tree sample() {
        return Tree.of(List.of(
                TreeEntry.file("src/main/App.java", 0644, 1, A),
                TreeEntry.file("README.md", 0600, 1, B),
                TreeEntry.symlink("latest", "src/main/App.java")));
    }

    @Test
    void missingParentsAreAddedAndEntriesListDirectoriesWithASlash() {
        Tree tree = sample();
        assertEquals(List.of("README.md", "latest", "src/"), tree.names("", "entries"));
        assertEquals(List.of("main/"), tree.names("/src", "entries"));
        assertEquals(List.of("App.java"), tree.names("src/main/", "entries"));
        assertEquals(5, tree.size());
    }

    @Test
    void theDigestNamesTheContentNotTheOrderOfListing() {
        Tree reordered = Tree.of(List.of(
                TreeEntry.symlink("latest", "src/main/App.java"),
                TreeEntry.file("README.md", 0600, 1, B),
                TreeEntry.directory("src", 0755),
                TreeEntry.file("src/main/App.java", 0644, 1, A)));
        assertEquals(sample().digest(), reordered.digest());
        assertNotEquals(sample().digest(), sample().with(TreeEntry.file("README.md", 0644, 1, B)).digest());
        assertEquals(sample(), Tree.fromJson(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(
                new com.fasterxml.jackson.databind.ObjectMapper().convertValue(readTree(sample().toJson()), List.class))));
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(byte[] json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void subtreeIsRerootedAndFileFollowsALinkInsideTheTree() {
        Tree main = sample().subtree("src/main", "directory.path");
        assertEquals(List.of("App.java"), main.names("", "entries"));
        assertEquals(A, sample().file("latest", "file.path").blob());
        assertEquals("no such directory: nope", assertThrows(FilesException.class,
                () -> sample().subtree("nope", "directory.path")).getMessage().replace("directory.path: ", ""));
        assertThrows(FilesException.class, () -> sample().file("src", "file.path"));
    }

    @Test
    void withTreeMergesAndAFileReplacesADirectory() {
        Tree other = Tree.of(List.of(TreeEntry.file("main/Other.java", 0644, 1, B)));
        Tree merged = sample().withTree("src", other, "withDirectory.path");
        assertEquals(List.of("App.java", "Other.java"), merged.names("src/main", "entries"));
        Tree replaced = merged.with(TreeEntry.file("src", 0644, 1, A));
        assertEquals(List.of("README.md", "latest", "src"), replaced.names("", "entries"));
        assertTrue(replaced.entries().stream().noneMatch(e -> e.path().startsWith("src/")));
        assertEquals(List.of("README.md", "latest"), merged.without("src", "withoutDirectory.path").names("", "e"));
    }

    @Test
    void pathsThatLeaveTheTreeAreRefused() {
        assertThrows(FilesException.class, () -> TreeEntry.file("../etc/passwd", 0644, 1, A));
        assertThrows(FilesException.class, () -> TreeEntry.file("/etc/passwd", 0644, 1, A));
        assertThrows(FilesException.class, () -> TreeEntry.file("a//b", 0644, 1, A));
        assertThrows(FilesException.class, () -> sample().subtree("../x", "directory.path"));
        assertThrows(FilesException.class, () -> Tree.of(List.of(TreeEntry.file("f", 0644, 1, A),
                TreeEntry.file("f/g", 0644, 1, B))));
        assertThrows(FilesException.class, () -> TreeEntry.file("f", 0644, 1, "not-a-digest"));
    }
}
