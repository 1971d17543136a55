package dev.berth.engine.k8s.crd;

import java.util.ArrayList;
import java.util.List;

/**
 * The service is reachable on the user's machine ({@code up}, a started tunnel): the {@code berth}
 * process listens on {@code address} at each frontend and port-forwards to the pod's backend.
 * While any exposure is listed the instance is kept running, as if pinned.
 */
public class ExposureSpec {

    /** Unique within the instance; chosen by the engine. */
    private String id;
    /** Where the {@code berth} process listens, e.g. 127.0.0.1. */
    private String address;
    private List<ForwardSpec> ports = new ArrayList<>();

    public ExposureSpec() {
    }

    public ExposureSpec(String id, String address, List<ForwardSpec> ports) {
        this.id = id;
        this.address = address;
        setPorts(ports);
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public List<ForwardSpec> getPorts() {
        return ports;
    }

    public void setPorts(List<ForwardSpec> ports) {
        this.ports = ports == null ? new ArrayList<>() : new ArrayList<>(ports);
    }
}
