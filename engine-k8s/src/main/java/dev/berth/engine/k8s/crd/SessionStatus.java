package dev.berth.engine.k8s.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * Observed state. {@code clientSeen} is the client's lease: the operator replica serving an API
 * session renews it while the client is there (its {@code berth} process's channel is open, or a
 * request is running); the leading operator closes a session whose lease ran out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SessionStatus {

    /** Open, or Closing once its client is gone (the Session is being deleted). */
    @PrinterColumn(name = "State")
    private String state;
    @PrinterColumn(name = "Namespace")
    private String namespace;
    /** API sessions: the operator pod that last saw the client; Pipelines: the Pipeline. */
    @PrinterColumn(name = "Holder")
    private String holder;
    /** ServiceInstances in the session's namespace. */
    @PrinterColumn(name = "Services")
    private Integer services;
    /** RFC 3339 time the client was last seen (API sessions). */
    private String clientSeen;
    /** True once a {@code berth} process attached its session channel: its absence then means it is gone. */
    private Boolean channel;
    private List<Condition> conditions = new ArrayList<>();
    private Long observedGeneration;

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public String getHolder() {
        return holder;
    }

    public void setHolder(String holder) {
        this.holder = holder;
    }

    public Integer getServices() {
        return services;
    }

    public void setServices(Integer services) {
        this.services = services;
    }

    public String getClientSeen() {
        return clientSeen;
    }

    public void setClientSeen(String clientSeen) {
        this.clientSeen = clientSeen;
    }

    public Boolean getChannel() {
        return channel;
    }

    public void setChannel(Boolean channel) {
        this.channel = channel;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : conditions;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }
}
