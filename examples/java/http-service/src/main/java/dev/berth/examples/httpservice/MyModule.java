package dev.berth.examples.httpservice;

import static dev.berth.sdk.Dagger.dag;

import dev.berth.module.annotation.Function;
import dev.berth.module.annotation.Object;
import dev.berth.sdk.Container;
import dev.berth.sdk.Service;
import dev.berth.sdk.exception.DaggerQueryException;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * The seed's HTTP service, ported from its Go code: berth call get prints "Hello, world!";
 * berth call http-service up --ports 9000:8080 serves it on this machine.
 */
@Object
public class MyModule {
  /** Start and return an HTTP service. */
  @Function
  public Service httpService() {
    return dag().container()
        .from("python")
        .withWorkdir("/srv")
        .withNewFile("index.html", "Hello, world!")
        .withExposedPort(8080)
        .asService(
            new Container.AsServiceArguments()
                .withArgs(List.of("python", "-m", "http.server", "8080")));
  }

  /** Send a request to an HTTP service and return the response. */
  @Function
  public String get() throws ExecutionException, DaggerQueryException, InterruptedException {
    return dag().container()
        .from("alpine")
        .withServiceBinding("www", httpService())
        .withExec(List.of("wget", "-O-", "http://www:8080"))
        .stdout();
  }
}
