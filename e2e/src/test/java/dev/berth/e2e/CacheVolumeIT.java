package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.engine.k8s.Session;
import dev.berth.engine.model.CacheVolume;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.ReturnType;
import dev.berth.engine.model.Service;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The seed's "persist service state": Redis SAVE into a cache volume, read in a new session. */
class CacheVolumeIT extends EngineTestBase {

    /** A fresh key per run, so an earlier run's data cannot make the test pass. */
    private final CacheVolume cache = CacheVolume.of("berth-e2e-redis-" + UUID.randomUUID());

    @Test
    void valueSavedInOneSessionIsReadInTheNext() {
        Service redis = Seeds.redisWithCache(cache);

        Session first = openSession();
        Container set = Seeds.redisCli(redis)
                .withExec(List.of("set", "foo", "123"), true, ReturnType.SUCCESS)
                .withExec(List.of("save"), true, ReturnType.SUCCESS);
        assertEquals("OK\n", first.stdout(set));
        first.close();

        Session second = openSession();
        Container get = Seeds.redisCli(redis).withExec(List.of("get", "foo"), true, ReturnType.SUCCESS);
        assertEquals("123\n", second.stdout(get));
    }

    @AfterEach
    void removeCache() throws IOException {
        removeCacheDirectory(cache);
    }
}
