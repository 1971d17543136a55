package io.dagger.modules.mymodule;
import static dev.berth.sdk.Dagger.dag;
import dev.berth.sdk.Container;
import dev.berth.sdk.Service;
import dev.berth.module.annotation.Function;
import dev.berth.module.annotation.Object;
import java.util.List;
@Object
public class MyModule {
  @Function
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
