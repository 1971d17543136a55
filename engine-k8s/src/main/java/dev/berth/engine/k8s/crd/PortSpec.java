package dev.berth.engine.k8s.crd;

/** An exposed port: a Service port, and a tcpSocket readiness probe unless skipped or UDP. */
public class PortSpec {

    private int port;
    /** TCP or UDP. */
    private String protocol = "TCP";
    private String description;
    private boolean skipHealthcheck;

    public PortSpec() {
    }

    public PortSpec(int port, String protocol, String description, boolean skipHealthcheck) {
        this.port = port;
        this.protocol = protocol;
        this.description = description;
        this.skipHealthcheck = skipHealthcheck;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getProtocol() {
        return protocol;
    }

    public void setProtocol(String protocol) {
        this.protocol = protocol;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public boolean isSkipHealthcheck() {
        return skipHealthcheck;
    }

    public void setSkipHealthcheck(boolean skipHealthcheck) {
        this.skipHealthcheck = skipHealthcheck;
    }
}
