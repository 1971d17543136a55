package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.engine.k8s.ExecException;
import dev.berth.engine.k8s.ExecResult;
import dev.berth.engine.k8s.Session;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.ReturnType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * withExec chains: one pod, order kept, stdout/stderr/exit code apart, failures like Dagger's;
 * the results reach the engine by the runner's report, the same as from the pod log.
 */
class ExecResultsIT extends EngineTestBase {

    @Test
    void failingExecReportsExitCodeCommandStdoutAndStderr() {
        Session session = openSession();
        Container failing = Container.from(Seeds.ALPINE)
                .withExec(List.of("sh", "-c", "echo out; echo err >&2; exit 3"));
        long reported = BerthTestOperator.get().reports().delivered();
        ExecException e = assertThrows(ExecException.class, () -> session.exec(failing));
        assertTrue(BerthTestOperator.get().reports().delivered() > reported, "a failure is reported too");
        assertEquals(3, e.exitCode());
        assertEquals(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), e.command());
        assertEquals("out\n", e.stdout());
        assertEquals("err\n", e.stderr());
        assertTrue(e.getMessage().startsWith(
                "process \"sh -c echo out; echo err >&2; exit 3\" did not complete successfully: exit code: 3"),
                e.getMessage());
    }

    @Test
    void chainRunsInOrderInOnePodWithFilesEnvWorkdirAndExpect() {
        Session session = openSession();
        Container chain = Container.from(Seeds.ALPINE)
                .withWorkdir("/work")
                .withNewFile("script.sh", "#!/bin/sh\necho from-script; echo to-stderr >&2\n", 0755)
                .withExec(List.of("./script.sh"))
                .withEnvVariable("GREETING", "hello $(not expanded)")
                .withExec(List.of("sh", "-c", "echo \"$GREETING\" > greeting.txt; exit 5"), false, ReturnType.ANY)
                .withExec(List.of("sh", "-c", "cat greeting.txt; stat -c %a script.sh; pwd"));
        long reported = BerthTestOperator.get().reports().delivered();
        ExecResult result = session.exec(chain);

        assertTrue(BerthTestOperator.get().reports().delivered() > reported,
                "the runner posted the results when the chain ended (not only the pod log)");
        assertEquals(3, result.execs().size());
        assertEquals("from-script\n", result.execs().get(0).stdout());
        assertEquals("to-stderr\n", result.execs().get(0).stderr());
        assertEquals(5, result.execs().get(1).exitCode());
        assertEquals("hello $(not expanded)\n755\n/work\n", result.stdout());
        assertEquals(0, result.exitCode());
    }

    @Test
    void resultsAreMemoizedByDigestWithinTheSession() {
        Session session = openSession();
        Container c = Container.from(Seeds.ALPINE).withExec(List.of("sh", "-c", "cat /proc/sys/kernel/random/uuid"));
        String first = session.stdout(c);
        String again = session.stdout(Container.from(Seeds.ALPINE)
                .withExec(List.of("sh", "-c", "cat /proc/sys/kernel/random/uuid")));
        assertEquals(first, again, "same definition, same session: the first run's result");
    }
}
