package dev.berth.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** withUser, withExec's stdin and redirects, withEnvVariable(expand). */
class ExecOptionsTest {

    private static final Container ALPINE = Container.from("alpine");

    @Test
    void userAppliesToLaterExecsAndIsKnownToTheDefinition() {
        Container c = ALPINE.withExec(List.of("id")).withUser("nobody").withExec(List.of("id"));
        assertEquals(Optional.of("nobody"), c.user());
        assertEquals(Optional.empty(), ALPINE.user());
        assertEquals(Optional.empty(), c.execs().get(0).user());
        assertEquals(Optional.of("nobody"), c.execs().get(1).user());
        assertEquals(Optional.of(""), ALPINE.withUser("").user(), "Dagger's empty user is kept as given");
        assertThrows(ValidationException.class, () -> ALPINE.withUser("a\nb"));
    }

    @Test
    void definitionsWithoutTheNewOptionsKeepTheirCanonicalForm() {
        Container plain = ALPINE.withWorkdir("/w").withExec(List.of("true"));
        Container viaOptions = ALPINE.withWorkdir("/w").withExec(List.of("true"), false, ReturnType.SUCCESS,
                "", "", "", "");
        assertEquals(plain.digest(), viaOptions.digest());
        String canonical = new String(plain.canonicalForm(), java.nio.charset.StandardCharsets.UTF_8);
        for (String field : List.of("user", "stdin", "redirect")) {
            assertTrue(!canonical.contains(field), field + " must not enter the canonical form unless set");
        }
    }

    @Test
    void everyOptionChangesTheDigest() {
        Container base = ALPINE.withWorkdir("/w");
        Map<String, Container> variants = Map.of(
                "plain", base.withExec(List.of("cat")),
                "user", base.withUser("nobody").withExec(List.of("cat")),
                "userOnly", base.withUser("nobody"),
                "stdin", base.withExec(List.of("cat"), false, ReturnType.SUCCESS, "x", "", "", ""),
                "redirectStdin", base.withExec(List.of("cat"), false, ReturnType.SUCCESS, "", "x", "", ""),
                "redirectStdout", base.withExec(List.of("cat"), false, ReturnType.SUCCESS, "", "", "x", ""),
                "redirectStderr", base.withExec(List.of("cat"), false, ReturnType.SUCCESS, "", "", "", "x"));
        Set<Digest> digests = new HashSet<>();
        variants.values().forEach(c -> digests.add(c.digest()));
        digests.add(base.digest());
        assertEquals(variants.size() + 1, digests.size());
        assertNotEquals(base.withUser("a").digest(), base.withUser("b").digest());
    }

    @Test
    void redirectsResolveAgainstTheWorkdir() {
        Exec exec = ALPINE.withWorkdir("/w").withExec(List.of("cat"), false, ReturnType.SUCCESS, "", "../in",
                "out", "/abs/./err").execs().get(0);
        assertEquals("/in", exec.redirectStdin());
        assertEquals("/w/out", exec.redirectStdout());
        assertEquals("/abs/err", exec.redirectStderr());
        ValidationException e = assertThrows(ValidationException.class, () -> ALPINE.withExec(List.of("cat"), false,
                ReturnType.SUCCESS, "", "", "out", ""));
        assertEquals("withExec.redirectStdout", e.field());
    }

    @Test
    void stdinAndRedirectStdinExcludeEachOther() {
        ValidationException e = assertThrows(ValidationException.class, () -> ALPINE.withExec(List.of("cat"), false,
                ReturnType.SUCCESS, "x", "/in", "", ""));
        assertEquals("withExec.redirectStdin", e.field());
    }

    @Test
    void expandReplacesKnownVariablesLikeGosOsExpand() {
        Container c = ALPINE.withEnvVariable("A", "1").withEnvVariable("B_2", "two");
        Map<String, String> cases = Map.of(
                "x$A", "x1",
                "${A}${B_2}", "1two",
                "$A-$B_2/", "1-two/",
                "cost: $", "cost: $",
                "a $ b", "a $ b",
                "$$A", "A",
                "${}x", "x",
                "${A", "A",
                "no vars", "no vars");
        cases.forEach((input, want) -> assertEquals(want,
                c.withEnvVariable("V", input, true).envVariable("V").orElseThrow(), input));
        assertEquals("$A", c.withEnvVariable("V", "$A", false).envVariable("V").orElseThrow());
        assertEquals(c.withEnvVariable("V", "1").digest(), c.withEnvVariable("V", "$A", true).digest(),
                "the expanded value is what the definition holds");
        assertEquals("1:1", c.withEnvVariable("A", "$A:$A", true).envVariable("A").orElseThrow(),
                "a variable's own old value");
    }

    @Test
    void expandRefusesVariablesBerthDoesNotKnow() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> ALPINE.withEnvVariable("PATH", "/opt/bin:$PATH", true));
        assertEquals("withEnvVariable.value", e.field());
        assertTrue(e.reason().contains("\"PATH\"") && e.reason().contains("not supported"), e.reason());
        Container secret = ALPINE.withSecretVariable("TOKEN", new Secret("tok", "a".repeat(52)));
        ValidationException s = assertThrows(ValidationException.class,
                () -> secret.withEnvVariable("X", "${TOKEN}", true));
        assertTrue(s.reason().contains("secret env variable \"TOKEN\""), s.reason());
    }
}
