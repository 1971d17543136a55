package dev.berth.examples.mariadbtest;

import static dev.berth.sdk.Dagger.dag;

import dev.berth.module.annotation.Function;
import dev.berth.module.annotation.Object;
import dev.berth.sdk.Container;
import dev.berth.sdk.Service;
import dev.berth.sdk.exception.DaggerQueryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * The seed's "MariaDB database service for application tests", offline: the seed runs Drupal's
 * PHPUnit kernel tests (drupal:10.0.7-php8.2-fpm and composer, which need the internet); here the
 * application's test suite is run-tests.sh (src/main/resources), SQL checks with the mysql client
 * against the bound database "db", reporting like PHPUnit. berth call test prints the report.
 */
@Object
public class MyModule {
  /** Run the application's tests against a MariaDB database service. */
  @Function
  public String test() throws ExecutionException, DaggerQueryException, InterruptedException, IOException {
    Service mariadb = dag().container()
        .from("mariadb:10.11.2")
        .withEnvVariable("MARIADB_USER", "user")
        .withEnvVariable("MARIADB_PASSWORD", "password")
        .withEnvVariable("MARIADB_DATABASE", "drupal")
        .withEnvVariable("MARIADB_ROOT_PASSWORD", "root")
        .withExposedPort(3306)
        .asService();

    // the application and its test runner (the seed: the Drupal image plus composer's dev dependencies)
    Container app = dag().container()
        .from("mariadb:10.11.2")
        .withNewFile("/opt/app/run-tests.sh", resource("/run-tests.sh"),
            new Container.WithNewFileArguments().withPermissions(0755));

    // add service binding for MariaDB, run the kernel tests
    return app
        .withServiceBinding("db", mariadb)
        .withEnvVariable("SIMPLETEST_DB", "mysql://user:password@db/drupal")
        .withWorkdir("/opt/app")
        .withExec(List.of("./run-tests.sh", "--group", "KernelTests"))
        .stdout();
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = MyModule.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(name + " is missing from the module's resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
