package dev.berth.e2e;

import dev.berth.engine.model.CacheVolume;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.Service;
import java.util.List;

/** The services and clients of the seed documents, as engine model values. */
final class Seeds {

    static final String PYTHON = "python";
    static final String ALPINE = "alpine";
    static final String REDIS = "redis";

    private Seeds() {
    }

    /** The seed's HTTP service: python http.server in /srv serving index.html. */
    static Service httpService() {
        return Container.from(PYTHON)
                .withWorkdir("/srv")
                .withNewFile("index.html", "Hello, world!")
                .withExec(List.of("python", "-m", "http.server", "8080"))
                .withExposedPort(8080)
                .asService();
    }

    /** The seed's client: alpine with the service bound as www, fetching the page. */
    static Container wgetClient(Service www) {
        return Container.from(ALPINE)
                .withServiceBinding("www", www)
                .withExec(List.of("wget", "-O-", "http://www:8080"));
    }

    static Service redis() {
        return Container.from(REDIS).withExposedPort(6379).asService();
    }

    static Service redisWithCache(CacheVolume cache) {
        return Container.from(REDIS)
                .withExposedPort(6379)
                .withMountedCache("/data", cache)
                .withWorkdir("/data")
                .asService();
    }

    /** The seed's redis-cli container: {@code redis-cli -h redis-srv} as entrypoint. */
    static Container redisCli(Service redis) {
        return Container.from(REDIS)
                .withServiceBinding("redis-srv", redis)
                .withEntrypoint(List.of("redis-cli", "-h", "redis-srv"));
    }
}
