package dev.berth.examples.rediscache;

import static dev.berth.sdk.Dagger.dag;

import dev.berth.module.annotation.Function;
import dev.berth.module.annotation.Object;
import dev.berth.sdk.Container;
import dev.berth.sdk.Service;
import dev.berth.sdk.exception.DaggerQueryException;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * The seed's Redis with a cache volume: berth call set --key=foo --value=123, then (a new session,
 * a new Redis) berth call get --key=foo prints 123, because SAVE wrote it to the volume.
 */
@Object
public class MyModule {
  // Since Dagger 0.13 withExec runs the entrypoint only when asked (the seed predates that).
  private static final Container.WithExecArguments ENTRYPOINT =
      new Container.WithExecArguments().withUseEntrypoint(true);

  /** Create a Redis service and a client bound to it. */
  @Function
  public Container redis() {
    Service redisSrv = dag().container()
        .from("redis")
        .withExposedPort(6379)
        .withMountedCache("/data", dag().cacheVolume("my-redis"))
        .withWorkdir("/data")
        .asService();
    return dag().container()
        .from("redis")
        .withServiceBinding("redis-srv", redisSrv)
        .withEntrypoint(List.of("redis-cli", "-h", "redis-srv"));
  }

  /**
   * Set key and value in the Redis service.
   *
   * @param key the cache key to set
   * @param value the cache value to set
   */
  @Function
  public String set(String key, String value) throws ExecutionException, DaggerQueryException, InterruptedException {
    return redis()
        .withExec(List.of("set", key, value), ENTRYPOINT)
        .withExec(List.of("save"), ENTRYPOINT)
        .stdout();
  }

  /**
   * Get a value from the Redis service.
   *
   * @param key the cache key to read
   */
  @Function
  public String get(String key) throws ExecutionException, DaggerQueryException, InterruptedException {
    return redis()
        .withExec(List.of("get", key), ENTRYPOINT)
        .stdout();
  }
}
