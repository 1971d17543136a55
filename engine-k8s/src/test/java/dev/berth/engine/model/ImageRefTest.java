package dev.berth.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageRefTest {

    @ParameterizedTest
    @CsvSource({
        "python, docker.io/library/python:latest",
        "alpine:3.20, docker.io/library/alpine:3.20",
        "mariadb:10.11.2, docker.io/library/mariadb:10.11.2",
        "docker.io/library/python:latest, docker.io/library/python:latest",
        "index.docker.io/library/redis, docker.io/library/redis:latest",
        "docker.io/redis, docker.io/library/redis:latest",
        "bitnami/redis, docker.io/bitnami/redis:latest",
        "ghcr.io/dagger/engine, ghcr.io/dagger/engine:latest",
        "localhost/img, localhost/img:latest",
        "localhost:5000/img:1, localhost:5000/img:1",
        "registry.example:5000/a/b/c:v2, registry.example:5000/a/b/c:v2",
        "python@sha256:abcd, docker.io/library/python@sha256:abcd",
        "python:3@sha256:abcd, docker.io/library/python:3@sha256:abcd",
    })
    void normalizesLikeDocker(String address, String expected) {
        assertEquals(expected, ImageRef.normalize(address, "from.address"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"python:", "/python", "python/", "a//b", "Python", "python@", "python@sha256",
        "python@sha256:", "py thon", "python\t"})
    void rejectsMalformedAddresses(String address) {
        ValidationException e = assertThrows(ValidationException.class,
                () -> ImageRef.normalize(address, "from.address"));
        assertEquals("from.address", e.field());
        assertTrue(e.reason().contains(address.strip()) || e.reason().contains("whitespace"), e.reason());
    }
}
