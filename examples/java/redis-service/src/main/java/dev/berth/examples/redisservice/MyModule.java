package dev.berth.examples.redisservice;

import static dev.berth.sdk.Dagger.dag;

import dev.berth.module.annotation.Function;
import dev.berth.module.annotation.Object;
import dev.berth.sdk.Container;
import dev.berth.sdk.Service;
import dev.berth.sdk.exception.DaggerQueryException;
import java.util.List;
import java.util.concurrent.ExecutionException;

/** The seed's explicit start and stop: berth call redis-service prints OK and abc. */
@Object
public class MyModule {
  // Since Dagger 0.13 withExec runs the entrypoint only when asked (the seed predates that).
  private static final Container.WithExecArguments ENTRYPOINT =
      new Container.WithExecArguments().withUseEntrypoint(true);

  /** Start a Redis service, set and get a value through it, stop it. */
  @Function
  public String redisService() throws ExecutionException, DaggerQueryException, InterruptedException {
    Service redisSrv = dag().container()
        .from("redis")
        .withExposedPort(6379)
        .asService();
    // start Redis ahead of time so it stays up for the duration of the test
    redisSrv = redisSrv.start();
    try {
      // create Redis client container
      Container redisCLI = dag().container()
          .from("redis")
          .withServiceBinding("redis-srv", redisSrv)
          .withEntrypoint(List.of("redis-cli", "-h", "redis-srv"));
      String setter = redisCLI.withExec(List.of("set", "foo", "abc"), ENTRYPOINT).stdout();
      String getter = redisCLI.withExec(List.of("get", "foo"), ENTRYPOINT).stdout();
      return setter + getter;
    } finally {
      // stop the service when done
      redisSrv.stop();
    }
  }
}
