package dev.berth.engine.k8s.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunnerLogTest {

    private static String event(String json) {
        return RunnerLog.EVENT_PREFIX + json + "\n";
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void separatesStdoutStderrAndExitCodePerStep() {
        String log = event("{\"i\":1,\"t\":\"start\"}")
                + event("{\"i\":1,\"t\":\"out\",\"d\":\"" + b64("out\n") + "\"}")
                + event("{\"i\":1,\"t\":\"err\",\"d\":\"" + b64("err\n") + "\"}")
                + event("{\"i\":1,\"t\":\"exit\",\"code\":0}")
                + event("{\"i\":2,\"t\":\"start\"}")
                + event("{\"i\":2,\"t\":\"out\",\"d\":\"" + b64("second") + "\"}")
                + event("{\"i\":2,\"t\":\"exit\",\"code\":3}")
                + event("{\"i\":2,\"t\":\"fail\",\"code\":3,\"reason\":\"exit code 3, expected SUCCESS\"}");
        RunnerLog parsed = RunnerLog.parse(log);

        assertEquals(new RunnerLog.StepOutput(1, "out\n", "err\n", Optional.of(0)), parsed.step(1).orElseThrow());
        assertEquals(new RunnerLog.StepOutput(2, "second", "", Optional.of(3)), parsed.step(2).orElseThrow());
        assertEquals(new RunnerLog.Failure(2, Optional.of(3), "exit code 3, expected SUCCESS"),
                parsed.failure().orElseThrow());
        assertFalse(parsed.done());
        assertTrue(parsed.step(0).isEmpty(), "a file step has no output");
    }

    @Test
    void combinedOutputKeepsTheOrderOfTheEvents() {
        String log = event("{\"i\":0,\"t\":\"start\"}")
                + event("{\"i\":0,\"t\":\"err\",\"d\":\"" + b64("1 err\n") + "\"}")
                + event("{\"i\":0,\"t\":\"out\",\"d\":\"" + b64("2 out\n") + "\"}")
                + event("{\"i\":0,\"t\":\"err\",\"d\":\"" + b64("3 err\n") + "\"}")
                + event("{\"i\":0,\"t\":\"exit\",\"code\":0}")
                + event("{\"i\":1,\"t\":\"done\"}");
        RunnerLog.StepOutput out = RunnerLog.parse(log).step(0).orElseThrow();
        assertEquals("2 out\n", out.stdout());
        assertEquals("1 err\n3 err\n", out.stderr());
        assertEquals("1 err\n2 out\n3 err\n", out.combined());
    }

    @Test
    void reassemblesMultiByteCharactersSplitAcrossChunks() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        String log = event("{\"i\":0,\"t\":\"out\",\"d\":\"" + b64(new byte[] {euro[0]}) + "\"}")
                + event("{\"i\":0,\"t\":\"out\",\"d\":\"" + b64(new byte[] {euro[1], euro[2]}) + "\"}")
                + event("{\"i\":0,\"t\":\"exit\",\"code\":0}")
                + event("{\"i\":1,\"t\":\"done\"}");
        RunnerLog parsed = RunnerLog.parse(log);
        assertEquals("€", parsed.step(0).orElseThrow().stdout());
        assertTrue(parsed.done());
    }

    @Test
    void keepsLinesThatAreNotEventsApart() {
        String log = event("{\"i\":0,\"t\":\"done\"}") + "Serving HTTP on 0.0.0.0 port 8080\n"
                + RunnerLog.EVENT_PREFIX + "{truncated\n";
        RunnerLog parsed = RunnerLog.parse(log);
        assertTrue(parsed.done());
        assertEquals("Serving HTTP on 0.0.0.0 port 8080\n" + RunnerLog.EVENT_PREFIX + "{truncated\n",
                parsed.otherOutput());
    }

    @Test
    void failureWithoutExitCodeIsAnErrorOfTheRunner() {
        RunnerLog parsed = RunnerLog.parse(event("{\"i\":0,\"t\":\"fail\",\"reason\":\"exec: \\\"nope\\\": not found\"}"));
        assertEquals(Optional.empty(), parsed.failure().orElseThrow().exitCode());
        assertTrue(parsed.readable().contains("not found"), parsed.readable());
    }

    @Test
    void emptyOrNullLogHasNothing() {
        assertTrue(RunnerLog.parse(null).failure().isEmpty());
        assertEquals("", RunnerLog.parse("").readable());
    }
}
