package dev.berth.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnixPathTest {

    @ParameterizedTest
    @CsvSource({
        "/, /",
        "/srv, /srv",
        "/srv/, /srv",
        "//srv//a, /srv/a",
        "/srv/./a, /srv/a",
        "/srv/b/../a, /srv/a",
        "/../.., /",
    })
    void normalizesLexically(String path, String expected) {
        assertEquals(expected, UnixPath.normalize(path));
    }

    @Test
    void resolvesRelativeAgainstWorkdir() {
        assertEquals("/srv/index.html", UnixPath.resolve("/srv", "index.html", "f"));
        assertEquals("/srv/a/b", UnixPath.resolve("/srv", "./a/b", "f"));
        assertEquals("/up", UnixPath.resolve("/srv", "../up", "f"));
        assertEquals("/abs", UnixPath.resolve("/srv", "/abs", "f"));
        assertEquals("/abs", UnixPath.resolve(null, "/abs", "f"));
    }

    @Test
    void relativeWithoutWorkdirIsRejected() {
        ValidationException e = assertThrows(ValidationException.class, () -> UnixPath.resolve(null, "a", "f"));
        assertEquals("f", e.field());
    }

    @Test
    void absoluteRequiresLeadingSlash() {
        assertEquals("/data", UnixPath.absolute("/data/", "f"));
        assertThrows(ValidationException.class, () -> UnixPath.absolute("data", "f"));
        assertThrows(ValidationException.class, () -> UnixPath.absolute("", "f"));
        assertThrows(ValidationException.class, () -> UnixPath.absolute("/a\0b", "f"));
    }
}
