package dev.berth.operator.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.engine.k8s.ExecOutput;
import dev.berth.engine.k8s.ExecResult;
import dev.berth.engine.k8s.crd.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineStatusTest {

    static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");
    static final Instant T1 = T0.plusSeconds(7);
    static final Instant T2 = T0.plusSeconds(30);

    // ---- bounded output ------------------------------------------------------------------------

    @Test
    void shortOutputIsKeptAsIs() {
        BoundedText t = BoundedText.tail("Hello, world!");
        assertEquals("Hello, world!", t.text());
        assertFalse(t.truncated());
        assertEquals("", BoundedText.tail(null).text());
    }

    @Test
    void exactlyTheLimitIsNotTruncated() {
        String text = "x".repeat(BoundedText.MAX_BYTES);
        assertFalse(BoundedText.tail(text).truncated());
    }

    @Test
    void longOutputKeepsItsEnd() {
        String text = "start\n" + "a".repeat(20_000) + "\nTests: 22, Assertions: 72, Skipped: 1.\n";
        BoundedText t = BoundedText.tail(text);
        assertTrue(t.truncated());
        assertEquals(BoundedText.MAX_BYTES, t.text().getBytes(StandardCharsets.UTF_8).length);
        assertTrue(t.text().endsWith("Tests: 22, Assertions: 72, Skipped: 1.\n"));
        assertFalse(t.text().contains("start"));
    }

    @Test
    void multiByteCharactersAreNeverSplit() {
        String text = "é".repeat(5000) + "🌍".repeat(3000); // 10000 + 12000 bytes
        BoundedText t = BoundedText.tail(text);
        assertTrue(t.truncated());
        byte[] bytes = t.text().getBytes(StandardCharsets.UTF_8);
        assertTrue(bytes.length <= BoundedText.MAX_BYTES);
        assertTrue(bytes.length > BoundedText.MAX_BYTES - 4);
        assertTrue(text.endsWith(t.text()));
        assertFalse(t.text().contains("\uFFFD"));
    }

    @Test
    void headCutsMessages() {
        assertEquals("abc", BoundedText.head("abc", 10));
        assertEquals("abcdefghi…", BoundedText.head("abcdefghijklmnop", 10));
    }

    @Test
    void stepStatusFlagsTruncation() {
        StepStatus step = new StepStatus("s", StepPhase.Running);
        step.recordStdout("y".repeat(9000));
        step.recordStderr("short");
        assertEquals(Boolean.TRUE, step.getStdoutTruncated());
        assertEquals(BoundedText.MAX_BYTES, step.getStdout().length());
        assertNull(step.getStderrTruncated(), "absent rather than false: smaller status");
        assertEquals("short", step.getStderr());
    }

    // ---- transitions -----------------------------------------------------------------------------

    @Test
    void aPipelineThatSucceeds() {
        PipelineStatus s = PipelineStatuses.pending(3, "berth-pl0123", List.of("set", "get"), T0);
        assertEquals(PipelinePhase.Pending, s.getPhase());
        assertEquals("0/2", s.getProgress());
        assertEquals(3L, s.getObservedGeneration());
        assertCondition(s, Conditions.READY, "False", "Pending");
        assertCondition(s, Conditions.SUCCEEDED, "Unknown", "Pending");
        assertCondition(s, Conditions.FAILED, "False", "Pending");

        s = PipelineStatuses.stepStarted(s, 0, T1);
        assertEquals(PipelinePhase.Running, s.getPhase());
        assertEquals(StepPhase.Running, s.getSteps().get(0).getPhase());
        assertEquals("2026-01-02T03:04:12Z", s.getSteps().get(0).getStartedAt());
        assertEquals(StepPhase.Pending, s.getSteps().get(1).getPhase());

        s = PipelineStatuses.stepSucceeded(s, 0, result(0, "OK\nOK\n", ""), T1);
        assertEquals(PipelinePhase.Running, s.getPhase());
        assertEquals(1, s.getStepsDone());
        assertEquals("1/2", s.getProgress());
        assertEquals(0, s.getSteps().get(0).getExitCode());

        s = PipelineStatuses.stepStarted(s, 1, T2);
        PipelineStatus done = PipelineStatuses.stepSucceeded(s, 1, result(0, "123\n", ""), T2);
        assertEquals(PipelinePhase.Succeeded, done.getPhase());
        assertEquals("2/2", done.getProgress());
        assertEquals("123\n", done.getSteps().get(1).getStdout());
        assertEquals("2026-01-02T03:04:35Z", done.getFinishedAt());
        assertCondition(done, Conditions.READY, "True", "Succeeded");
        assertCondition(done, Conditions.SUCCEEDED, "True", "Succeeded");
        assertCondition(done, Conditions.FAILED, "False", "Succeeded");
        // Failed stayed False all along: its transition time is the first one.
        assertEquals("2026-01-02T03:04:05Z", Conditions.find(done.getConditions(), Conditions.FAILED)
                .getLastTransitionTime());
        assertEquals("2026-01-02T03:04:35Z", Conditions.find(done.getConditions(), Conditions.READY)
                .getLastTransitionTime());
        assertEquals(3L, Conditions.find(done.getConditions(), Conditions.READY).getObservedGeneration());
        assertEquals(StepPhase.Running, s.getSteps().get(1).getPhase(), "the argument is not changed");
    }

    @Test
    void aFailingStepRecordsItsOutputAndSkipsTheRest() {
        PipelineStatus s = PipelineStatuses.pending(1, "berth-pl0123", List.of("a", "b", "c"), T0);
        s = PipelineStatuses.stepStarted(s, 0, T0);
        s = PipelineStatuses.stepSucceeded(s, 0, result(1, "", ""), T0);
        s = PipelineStatuses.stepStarted(s, 1, T1);
        String hugeStderr = "boom\n".repeat(5000);
        PipelineStatus failed = PipelineStatuses.stepFailed(s, 1, new StepOutcome.Failed(StepOutcome.STEP_FAILED,
                "process \"sh -c exit 3\" did not complete successfully: exit code: 3", 3, "computing\n", hugeStderr),
                T2);
        assertEquals(PipelinePhase.Failed, failed.getPhase());
        StepStatus b = failed.getSteps().get(1);
        assertEquals(StepPhase.Failed, b.getPhase());
        assertEquals(3, b.getExitCode());
        assertEquals("computing\n", b.getStdout());
        assertEquals(Boolean.TRUE, b.getStderrTruncated());
        assertTrue(b.getStderr().getBytes(StandardCharsets.UTF_8).length <= BoundedText.MAX_BYTES);
        assertEquals(StepPhase.Skipped, failed.getSteps().get(2).getPhase());
        assertEquals("1/3", failed.getProgress());
        assertTrue(failed.getMessage().startsWith("step \"b\" failed: process"));
        assertCondition(failed, Conditions.FAILED, "True", StepOutcome.STEP_FAILED);
        assertCondition(failed, Conditions.SUCCEEDED, "False", StepOutcome.STEP_FAILED);
        assertCondition(failed, Conditions.READY, "False", StepOutcome.STEP_FAILED);
    }

    @Test
    void anInvalidSpecFailsWithoutASession() {
        PipelineStatus s = PipelineStatuses.invalid(null, 2, 1,
                new PipelineValidationException("spec.steps[0].image", "must not be null"), T0);
        assertEquals(PipelinePhase.Failed, s.getPhase());
        assertNull(s.getSession());
        assertEquals("invalid spec: spec.steps[0].image: must not be null", s.getMessage());
        assertCondition(s, Conditions.FAILED, "True", StepOutcome.INVALID_SPEC);
    }

    @Test
    void conditionMessagesAreBounded() {
        PipelineStatus s = PipelineStatuses.pending(1, "ns", List.of("a"), T0);
        s = PipelineStatuses.stepFailed(s, 0, new StepOutcome.Failed(StepOutcome.SERVICE_FAILED, "x".repeat(50_000),
                null, null, null), T1);
        assertTrue(Conditions.find(s.getConditions(), Conditions.FAILED).getMessage().length()
                <= PipelineStatuses.MAX_CONDITION_MESSAGE_CHARS);
        assertTrue(s.getMessage().length() <= PipelineStatuses.MAX_MESSAGE_CHARS);
        assertTrue(s.getSteps().get(0).getMessage().length() <= PipelineStatuses.MAX_MESSAGE_CHARS);
        assertNull(s.getSteps().get(0).getExitCode());
    }

    @Test
    void copiesAreDeepAndEqual() {
        PipelineStatus s = PipelineStatuses.pending(1, "ns", List.of("a"), T0);
        PipelineStatus c = s.copy();
        assertEquals(s, c);
        c.getSteps().get(0).setPhase(StepPhase.Running);
        assertNotEquals(s, c);
        assertEquals(StepPhase.Pending, s.getSteps().get(0).getPhase());
    }

    // ---- sessions ------------------------------------------------------------------------------

    @Test
    void sessionNamesAreDerivedFromUidAndGeneration() {
        String uid = "7f3c8a5e-2b1d-4c6e-9f0a-1b2c3d4e5f60";
        assertEquals(PipelineSessions.namespace(uid, 1), PipelineSessions.namespace(uid, 1));
        assertNotEquals(PipelineSessions.namespace(uid, 1), PipelineSessions.namespace(uid, 2));
        assertNotEquals(PipelineSessions.namespace(uid, 1),
                PipelineSessions.namespace("0b3c8a5e-2b1d-4c6e-9f0a-1b2c3d4e5f60", 1));
        String namespace = PipelineSessions.namespace(uid, 1);
        assertTrue(namespace.matches("berth-pl[0-9a-f]{16}"), namespace);
    }

    static ExecResult result(int exitCode, String stdout, String stderr) {
        return new ExecResult(List.of(new ExecOutput(List.of("x"), exitCode, stdout, stderr)));
    }

    static void assertCondition(PipelineStatus s, String type, String status, String reason) {
        Condition c = Conditions.find(s.getConditions(), type);
        assertEquals(status, c.getStatus(), type);
        assertEquals(reason, c.getReason(), type);
    }
}
