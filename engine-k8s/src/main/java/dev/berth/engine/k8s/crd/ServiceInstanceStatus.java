package dev.berth.engine.k8s.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state; {@code conditions} holds the standard Ready condition. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceInstanceStatus {

    private List<Condition> conditions = new ArrayList<>();
    /** The Ready condition's reason, repeated for {@code kubectl get}: Starting, Ready, Exited or Failed. */
    @PrinterColumn(name = "Phase")
    private String phase;
    @PrinterColumn(name = "Users")
    private Integer users;
    private String podIP;
    @PrinterColumn(name = "Cluster-IP")
    private String clusterIP;
    /** Exit code of the service process once it exited. */
    private Integer exitCode;
    /** RFC 3339 time since when nothing uses the instance; absent while used or pinned. */
    private String idleSince;
    private Long observedGeneration;
    /**
     * What reaches the service from the user's machine or where it forwards to, for
     * {@code kubectl get}: {@code 127.0.0.1:9000->8080} (exposed), {@code 3306->localhost:3306}
     * (a host service).
     */
    @PrinterColumn(name = "Forwards")
    private String forwards;

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : conditions;
    }

    public String getPhase() {
        return phase;
    }

    public void setPhase(String phase) {
        this.phase = phase;
    }

    public Integer getUsers() {
        return users;
    }

    public void setUsers(Integer users) {
        this.users = users;
    }

    public String getPodIP() {
        return podIP;
    }

    public void setPodIP(String podIP) {
        this.podIP = podIP;
    }

    public String getClusterIP() {
        return clusterIP;
    }

    public void setClusterIP(String clusterIP) {
        this.clusterIP = clusterIP;
    }

    public Integer getExitCode() {
        return exitCode;
    }

    public void setExitCode(Integer exitCode) {
        this.exitCode = exitCode;
    }

    public String getIdleSince() {
        return idleSince;
    }

    public void setIdleSince(String idleSince) {
        this.idleSince = idleSince;
    }

    public String getForwards() {
        return forwards;
    }

    public void setForwards(String forwards) {
        this.forwards = forwards;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }
}
