package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.engine.k8s.ExecResult;
import dev.berth.engine.k8s.Session;
import dev.berth.engine.k8s.crd.ServiceInstance;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.Service;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Concurrent users of one service in one session share a single instance. */
class SharedInstanceIT extends EngineTestBase {

    @Test
    void twoConcurrentExecsShareOneInstanceWriteThenRead() {
        Session session = openSession();
        Service redis = Seeds.redis();
        Container writer = Container.from(Seeds.REDIS).withServiceBinding("redis-srv", redis)
                .withExec(List.of("sh", "-c", "redis-cli -h redis-srv set shared 42 && sleep 5"));
        Container reader = Container.from(Seeds.REDIS).withServiceBinding("redis-srv", redis)
                .withExec(List.of("sh", "-c", "for i in $(seq 1 120); do v=$(redis-cli -h redis-srv get shared);"
                        + " if [ \"$v\" = 42 ]; then echo \"$v\"; exit 0; fi; sleep 0.5; done;"
                        + " echo \"never saw the writer's value\" >&2; exit 1"));

        CompletableFuture<ExecResult> written = CompletableFuture.supplyAsync(() -> session.exec(writer));
        CompletableFuture<ExecResult> read = CompletableFuture.supplyAsync(() -> session.exec(reader));

        assertEquals("42\n", read.join().stdout(), "the reader sees the writer's value: same instance");
        written.join();
        List<ServiceInstance> instances = client().resources(ServiceInstance.class).inNamespace(session.namespace())
                .list().getItems();
        assertEquals(List.of(redis.hostname()), instances.stream().map(i -> i.getMetadata().getName()).toList());
    }
}
