package dev.berth.e2e.sdk;

import static dev.berth.sdk.Dagger.dag;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.sdk.exception.DaggerExecException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed scenarios with Berth's Java SDK, as a plain main program run under {@code berth run}
 * (SdkIT): {@code java ... JavaSeeds <scenario>}, like e2e/sdk/ts/seeds.mjs.
 */
public final class JavaSeeds {

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "http" -> http();
            case "exec-error" -> execError();
            default -> throw new IllegalArgumentException("scenario must be http or exec-error, not " + List.of(args));
        }
    }

    /** Send a request to the seed's HTTP service and print the response. */
    static void http() throws Exception {
        String out = dag().container()
                .from("alpine")
                .withServiceBinding("www", new MyModule().httpService())
                .withExec(List.of("wget", "-O-", "http://www:8080"))
                .stdout();
        System.out.println(out);
    }

    static void execError() throws Exception {
        Map<String, Object> caught = new LinkedHashMap<>();
        try {
            dag().container().from("alpine")
                    .withExec(List.of("sh", "-c", "echo to-stdout; echo to-stderr >&2; exit 3"))
                    .sync();
            caught.put("caught", null);
        } catch (DaggerExecException e) {
            caught.put("caught", e.getClass().getSimpleName());
            caught.put("exitCode", e.getExitCode());
            caught.put("stdout", e.getStdOut());
            caught.put("stderr", e.getStdErr());
            caught.put("cmd", e.getCmd());
        }
        System.out.println(new ObjectMapper().writeValueAsString(caught));
    }
}
