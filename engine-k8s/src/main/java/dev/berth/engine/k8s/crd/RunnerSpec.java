package dev.berth.engine.k8s.crd;

import dev.berth.engine.k8s.runner.RunnerPlan;

/**
 * The berth-runner image, how it reaches the pod, and the plan it runs (BERTH_PLAN). A service
 * whose command Kubernetes starts directly has no plan: the runner is there only for stop(kill).
 */
public class RunnerSpec {

    private String image;
    private RunnerPlan plan;
    /** Unset in instances made before it existed: those were copied. */
    private RunnerDelivery delivery;

    public RunnerSpec() {
    }

    public RunnerSpec(String image, RunnerPlan plan, RunnerDelivery delivery) {
        this.image = image;
        this.plan = plan;
        this.delivery = delivery;
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

    public RunnerDelivery getDelivery() {
        return delivery;
    }

    public void setDelivery(RunnerDelivery delivery) {
        this.delivery = delivery;
    }
}
