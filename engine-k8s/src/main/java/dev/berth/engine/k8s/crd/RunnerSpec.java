package dev.berth.engine.k8s.crd;

import dev.berth.engine.k8s.runner.RunnerPlan;

/**
 * The berth-runner image that installs the runner, and the plan it runs (BERTH_PLAN). A service
 * whose command Kubernetes starts directly has no plan: the runner is there only for stop(kill).
 */
public class RunnerSpec {

    private String image;
    private RunnerPlan plan;

    public RunnerSpec() {
    }

    public RunnerSpec(String image, RunnerPlan plan) {
        this.image = image;
        this.plan = plan;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public RunnerPlan getPlan() {
        return plan;
    }

    public void setPlan(RunnerPlan plan) {
        this.plan = plan;
    }
}
