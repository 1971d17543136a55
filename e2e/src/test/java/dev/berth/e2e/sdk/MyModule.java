package dev.berth.e2e.sdk;

import static dev.berth.sdk.Dagger.dag;
import dev.berth.sdk.Container;
import dev.berth.sdk.Service;
import java.util.List;

// The seed's Java code (Dagger docs, "Services": httpService), ported to Berth's SDK by changing
// its import lines (io.dagger.client -> dev.berth.sdk). Its package line and the module
// annotations (@Object, @Function) are left out until Berth runs modules.
public class MyModule {
  public Service httpService() {
    return dag().container()
        .from("python")
        .withWorkdir("/srv")
        .withNewFile("index.html", "Hello world!")
        .withExposedPort(8080)
        .asService(
            new Container.AsServiceArguments()
                .withArgs(List.of("python", "-m", "http.server", "8080")));
  }
}
