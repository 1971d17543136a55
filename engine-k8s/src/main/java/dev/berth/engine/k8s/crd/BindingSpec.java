package dev.berth.engine.k8s.crd;

/** A service bound under an alias (both names resolve to it in the binding container). */
public class BindingSpec {

    private String alias;
    private String hostname;

    public BindingSpec() {
    }

    public BindingSpec(String alias, String hostname) {
        this.alias = alias;
        this.hostname = hostname;
    }

    public String getAlias() {
        return alias;
    }

    public void setAlias(String alias) {
        this.alias = alias;
    }

    public String getHostname() {
        return hostname;
    }

    public void setHostname(String hostname) {
        this.hostname = hostname;
    }
}
