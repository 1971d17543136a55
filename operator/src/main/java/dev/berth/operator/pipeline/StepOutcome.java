package dev.berth.operator.pipeline;

import dev.berth.engine.k8s.EngineException;
import dev.berth.engine.k8s.ExecException;
import dev.berth.engine.k8s.ExecResult;
import dev.berth.engine.k8s.ServiceException;
import dev.berth.engine.model.ValidationException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;

/** How running one step ended. */
sealed interface StepOutcome {

    /** The exec met its {@code expect}. */
    record Done(ExecResult result) implements StepOutcome {
    }

    /**
     * The step failed for good.
     *
     * @param reason   condition/event reason: StepFailed, ServiceFailed, InvalidSpec, EngineError
     * @param exitCode present when the exec ran and its exit code did not meet {@code expect}
     */
    record Failed(String reason, String message, Integer exitCode, String stdout, String stderr)
            implements StepOutcome {
    }

    /** The API server could not be reached or answered 5xx: try the step again (it re-attaches). */
    record Transient(String message) implements StepOutcome {
    }

    String STEP_FAILED = "StepFailed";
    String SERVICE_FAILED = "ServiceFailed";
    String INVALID_SPEC = "InvalidSpec";
    String ENGINE_ERROR = "EngineError";

    /** Runs {@code step} and classifies how it ended; never throws. */
    static StepOutcome of(Supplier<ExecResult> step) {
        try {
            return new Done(step.get());
        } catch (ExecException e) {
            return new Failed(STEP_FAILED, "process \"" + String.join(" ", e.command())
                    + "\" did not complete successfully: exit code: " + e.exitCode(), e.exitCode(), e.stdout(), e.stderr());
        } catch (ServiceException e) {
            return new Failed(SERVICE_FAILED, e.getMessage(), null, null, null);
        } catch (ValidationException e) {
            return new Failed(INVALID_SPEC, e.getMessage(), null, null, null);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 0 || e.getCode() >= 500) {
                return new Transient(String.valueOf(e.getMessage()));
            }
            return new Failed(ENGINE_ERROR, String.valueOf(e.getMessage()), null, null, null);
        } catch (EngineException e) {
            return new Failed(ENGINE_ERROR, e.getMessage(), null, null, null);
        } catch (RuntimeException e) {
            return new Failed(ENGINE_ERROR, e.toString(), null, null, null);
        }
    }
}
