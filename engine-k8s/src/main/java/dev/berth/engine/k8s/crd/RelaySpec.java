package dev.berth.engine.k8s.crd;

import java.util.ArrayList;
import java.util.List;

/**
 * A host service: the pod runs {@code berth-runner relay}, which accepts containers' connections
 * on each frontend and carries them over the standby tunnels the {@code berth} process attaches
 * to {@code controlPort}; the {@code berth} process dials {@code host:backend}.
 */
public class RelaySpec {

    /** As the script named it, e.g. localhost. */
    private String host;
    private int controlPort;
    /** Shared with the {@code berth} process only, so pods of the session cannot pose as it. */
    private String key;
    private List<ForwardSpec> ports = new ArrayList<>();

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getControlPort() {
        return controlPort;
    }

    public void setControlPort(int controlPort) {
        this.controlPort = controlPort;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public List<ForwardSpec> getPorts() {
        return ports;
    }

    public void setPorts(List<ForwardSpec> ports) {
        this.ports = ports == null ? new ArrayList<>() : new ArrayList<>(ports);
    }
}
