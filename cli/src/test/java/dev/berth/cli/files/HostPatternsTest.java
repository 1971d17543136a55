package dev.berth.cli.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.files.HostPatterns.Walk;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Include/exclude as Docker documents .dockerignore and moby/patternmatcher implements it (the
 * cases marked "docs" are the examples of docs.docker.com's .dockerignore section).
 */
class HostPatternsTest {

    private static HostPatterns exclude(String... patterns) {
        return HostPatterns.of(List.of(), List.of(patterns));
    }

    private static HostPatterns include(String... patterns) {
        return HostPatterns.of(List.of(patterns), List.of());
    }

    private static void taken(HostPatterns patterns, String... paths) {
        for (String path : paths) {
            assertTrue(patterns.takes(path), path + " should be taken");
        }
    }

    private static void dropped(HostPatterns patterns, String... paths) {
        for (String path : paths) {
            assertFalse(patterns.takes(path), path + " should be left out");
        }
    }

    @Test
    void noPatternsTakeEverything() {
        taken(HostPatterns.ALL, "a", "a/b/c", ".git/config");
        assertEquals(Walk.TAKE, HostPatterns.ALL.walk("node_modules"));
    }

    @Test
    void aPlainNameIsRelativeToTheRootAndCoversWhatIsInside() {
        HostPatterns patterns = exclude("node_modules");
        dropped(patterns, "node_modules", "node_modules/x/index.js");
        taken(patterns, "web/node_modules", "web/node_modules/x.js", "node_modules2", "a");
        assertEquals(Walk.SKIP, patterns.walk("node_modules"));
        assertEquals(Walk.TAKE, patterns.walk("web/node_modules"));
    }

    @Test
    void doubleStarMatchesAnyNumberOfSegmentsEvenNone() {
        HostPatterns patterns = exclude("**/node_modules");
        dropped(patterns, "node_modules", "web/node_modules", "a/b/node_modules/x/y.js");
        taken(patterns, "web/node_modules2", "src");

        HostPatterns logs = exclude("**/*.log");
        dropped(logs, "a.log", "x/y/b.log");
        taken(logs, "a.logx", "log", "x/a.log.txt");

        HostPatterns middle = exclude("a/**/b");
        dropped(middle, "a/b", "a/x/b", "a/x/y/b", "a/b/c");
        taken(middle, "a/bb", "b", "x/a/b");

        HostPatterns tail = exclude("foo/**");
        dropped(tail, "foo/x", "foo/x/y");
        taken(tail, "foo", "foobar");

        dropped(exclude("**"), "a", "a/b/c");
    }

    @Test
    void starAndQuestionMarkStayWithinASegment() {
        // docs: */temp*, */*/temp*, temp?
        HostPatterns one = exclude("*/temp*");
        dropped(one, "somedir/temporary.txt", "somedir/temp");
        taken(one, "temp", "a/b/temp.txt", "somedir/x");

        HostPatterns two = exclude("*/*/temp*");
        dropped(two, "somedir/subdir/temporary.txt");
        taken(two, "somedir/temporary.txt");

        HostPatterns question = exclude("temp?");
        dropped(question, "tempa", "tempb", "temp1/x");
        taken(question, "temp", "temp12", "a/tempa");

        HostPatterns star = exclude("*.log");
        dropped(star, "a.log", ".log");
        taken(star, "dir/a.log");
    }

    @Test
    void negationReincludesAndTheLastMatchingPatternWins() {
        HostPatterns patterns = exclude("*.log", "!keep.log");
        dropped(patterns, "a.log", "b.log");
        taken(patterns, "keep.log", "x.txt");

        // docs: *.md / !README*.md / README-secret.md
        HostPatterns docs = exclude("*.md", "!README*.md", "README-secret.md");
        dropped(docs, "CHANGES.md", "README-secret.md");
        taken(docs, "README.md", "README-public.md");

        // docs: *.md / README-secret.md / !README*.md -- the secret is included again
        HostPatterns order = exclude("*.md", "README-secret.md", "!README*.md");
        taken(order, "README-secret.md", "README.md");
        dropped(order, "CHANGES.md");

        // !keep.log is relative to the root too
        HostPatterns deep = exclude("**/*.log", "!keep.log");
        dropped(deep, "d/keep.log");
        taken(deep, "keep.log");
    }

    @Test
    void gitStarCoversTheGitDirectoryAndDotfilesAtTheRoot() {
        HostPatterns patterns = exclude(".git*");
        dropped(patterns, ".git", ".git/config", ".git/objects/ab/cdef", ".gitignore", ".github/workflows/ci.yml");
        taken(patterns, "a/.git", "a/.gitignore", "git", "src/.github");
        assertEquals(Walk.SKIP, patterns.walk(".git"));
    }

    @Test
    void leadingAndTrailingSlashesAndDotSegmentsAreCleanedAway() {
        for (String pattern : List.of("/build", "build/", "./build", "/build/", "x/../build", "build//")) {
            HostPatterns patterns = exclude(pattern);
            dropped(patterns, "build", "build/out.jar");
            taken(patterns, "src/build", "builder");
        }
        // a trailing / does not restrict the pattern to directories (Go's filepath.Clean drops it)
        dropped(exclude("notes/"), "notes");
        assertEquals("a/b", PatternList.clean("//a/./b/"));
        assertEquals("..", PatternList.clean("a/../.."));
        assertEquals(".", PatternList.clean("/"));
    }

    @Test
    void whitespaceAroundPatternsAndEmptyPatternsAreIgnored() {
        HostPatterns patterns = exclude("  ", " *.tmp ", "");
        dropped(patterns, "a.tmp");
        taken(patterns, "a.txt");
    }

    @Test
    void classesAndEscapes() {
        HostPatterns range = exclude("[a-c].txt");
        dropped(range, "a.txt", "c.txt");
        taken(range, "d.txt", "ab.txt");

        HostPatterns negated = exclude("[^a].txt");
        dropped(negated, "b.txt");
        taken(negated, "a.txt");

        HostPatterns escaped = exclude("\\*.txt");
        dropped(escaped, "*.txt");
        taken(escaped, "a.txt");

        HostPatterns special = exclude("a+b(c).{x}$");
        dropped(special, "a+b(c).{x}$");
        taken(special, "aab(c).{x}$");

        // a class does not match the separator
        taken(exclude("a[/]b"), "a/b");
        taken(exclude("a[^x]b"), "a/b");
    }

    @Test
    void anExcludedDirectoryIsWalkedOnlyWhenANegationCouldMatchInside() {
        HostPatterns plain = exclude("node_modules");
        assertEquals(Walk.SKIP, plain.walk("node_modules"));

        HostPatterns keep = exclude("node_modules", "!node_modules/keep.txt");
        assertEquals(Walk.LOOK_INSIDE, keep.walk("node_modules"));
        assertEquals(Walk.TAKE, keep.walk("src"));
        taken(keep, "node_modules/keep.txt");
        dropped(keep, "node_modules", "node_modules/other.txt");

        HostPatterns anywhere = exclude("build", "!**/*.keep");
        assertEquals(Walk.LOOK_INSIDE, anywhere.walk("build"));
        taken(anywhere, "build/a/b.keep");
        dropped(anywhere, "build/a/b.txt");

        // a negation elsewhere does not open an unrelated excluded directory
        HostPatterns elsewhere = exclude("node_modules", "!src/keep.txt");
        assertEquals(Walk.SKIP, elsewhere.walk("node_modules"));

        // a negation that only matches at the root cannot match inside
        HostPatterns rootOnly = exclude("cache", "!*.md");
        assertEquals(Walk.SKIP, rootOnly.walk("cache"));

        // an excluded directory below a re-included one
        HostPatterns nested = exclude("a", "!a/b", "a/b/c");
        assertEquals(Walk.SKIP, nested.walk("a/b/c"));
        taken(nested, "a/b", "a/b/x");
        dropped(nested, "a/x", "a/b/c/y");
    }

    @Test
    void includeTakesOnlyWhatItMatchesAndTheDirectoriesLeadingThere() {
        HostPatterns go = include("src/**/*.go");
        assertEquals(Walk.LOOK_INSIDE, go.walk("src"));
        assertEquals(Walk.LOOK_INSIDE, go.walk("src/pkg"));
        assertEquals(Walk.SKIP, go.walk("docs"));
        taken(go, "src/main.go", "src/pkg/x/y.go");
        dropped(go, "src/readme.txt", "main.go", "docs/a.go");

        HostPatterns dir = include("src");
        assertEquals(Walk.TAKE, dir.walk("src"));
        assertEquals(Walk.TAKE, dir.walk("src/a"));
        assertEquals(Walk.SKIP, dir.walk("test"));
        taken(dir, "src/a/b.java");

        HostPatterns rootOnly = include("*.go");
        assertEquals(Walk.SKIP, rootOnly.walk("sub"));
        taken(rootOnly, "main.go");

        HostPatterns nested = include("a/b/c.txt");
        assertEquals(Walk.LOOK_INSIDE, nested.walk("a"));
        assertEquals(Walk.LOOK_INSIDE, nested.walk("a/b"));
        assertEquals(Walk.SKIP, nested.walk("a/c"));
    }

    @Test
    void excludeAppliesAfterInclude() {
        HostPatterns patterns = HostPatterns.of(List.of("src"), List.of("src/gen", "**/*.tmp"));
        assertEquals(Walk.TAKE, patterns.walk("src"));
        assertEquals(Walk.SKIP, patterns.walk("src/gen"));
        assertEquals(Walk.SKIP, patterns.walk("docs"));
        taken(patterns, "src/a.java");
        dropped(patterns, "src/gen/x.java", "src/a.tmp", "docs/x.md");

        HostPatterns reinclude = HostPatterns.of(List.of("src/**"), List.of("src/gen", "!src/gen/keep"));
        assertEquals(Walk.LOOK_INSIDE, reinclude.walk("src/gen"));
        taken(reinclude, "src/gen/keep");
    }

    @Test
    void unreadablePatternsAreRefusedNamingThem() {
        IllegalArgumentException open = assertThrows(IllegalArgumentException.class, () -> exclude("a[bc"));
        assertEquals("bad pattern \"a[bc\": '[' without ']'", open.getMessage());
        IllegalArgumentException bang = assertThrows(IllegalArgumentException.class, () -> exclude("!"));
        assertTrue(bang.getMessage().startsWith("bad pattern \"!\""), bang.getMessage());
    }
}
