package dev.berth.engine.k8s.crd;

/** One forwarded TCP port: {@code frontend} (where traffic arrives) to {@code backend}. */
public class ForwardSpec {

    private int frontend;
    private int backend;

    public ForwardSpec() {
    }

    public ForwardSpec(int frontend, int backend) {
        this.frontend = frontend;
        this.backend = backend;
    }

    public int getFrontend() {
        return frontend;
    }

    public void setFrontend(int frontend) {
        this.frontend = frontend;
    }

    public int getBackend() {
        return backend;
    }

    public void setBackend(int backend) {
        this.backend = backend;
    }

    @Override
    public String toString() {
        return frontend + "->" + backend;
    }
}
