package dev.berth.engine.k8s.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.HostAlias;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything needed to render the service's pod, resolved by the engine beforehand (runner image,
 * cache host paths, addresses of bound services), so the reconciler needs no configuration and
 * the API server holds the whole state.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceInstanceSpec {

    /** Normalised image address, e.g. {@code docker.io/library/python:latest}. */
    private String image;
    /** Container command (replaces the image ENTRYPOINT); absent: the image's own. Unused with a runner. */
    private List<String> command;
    /** Container args (replace the image CMD); absent: the image's own. Unused with a runner. */
    private List<String> args;
    /** Present when files or execs must run before the service command. */
    private RunnerSpec runner;
    private Map<String, String> env = new TreeMap<>();
    /** Absent: the image's own working directory. */
    private String workdir;
    private List<PortSpec> ports = new ArrayList<>();
    private List<CacheMountSpec> cacheMounts = new ArrayList<>();
    /** Variables from session Secrets (references only: values never enter a spec). */
    private List<SecretEnvSpec> secretEnv = new ArrayList<>();
    /** Session Secrets mounted as files. */
    private List<SecretMountSpec> secretMounts = new ArrayList<>();
    /** The services this one binds, by alias. Each is kept alive while this instance exists. */
    private List<BindingSpec> bindings = new ArrayList<>();
    /** /etc/hosts lines for the bindings: each alias and hostname to the bound instance's pod IP. */
    private List<HostAlias> hostAliases = new ArrayList<>();
    /** Image of the idle sidecars probing the second and further health-checked ports. */
    private String probeImage;
    /** Started explicitly: never collected after the grace period, only by stop. */
    @PrinterColumn(name = "Pinned")
    private boolean pinned;
    /** Present for a host service: the pod is a relay to the user's machine (no image of the user's). */
    private RelaySpec relay;
    /** Where the service is reachable on the user's machine; kept running while any is listed. */
    private List<ExposureSpec> exposures = new ArrayList<>();

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public List<String> getCommand() {
        return command;
    }

    public void setCommand(List<String> command) {
        this.command = command;
    }

    public List<String> getArgs() {
        return args;
    }

    public void setArgs(List<String> args) {
        this.args = args;
    }

    public RunnerSpec getRunner() {
        return runner;
    }

    public void setRunner(RunnerSpec runner) {
        this.runner = runner;
    }

    public Map<String, String> getEnv() {
        return env;
    }

    public void setEnv(Map<String, String> env) {
        this.env = env == null ? new TreeMap<>() : new TreeMap<>(env);
    }

    public String getWorkdir() {
        return workdir;
    }

    public void setWorkdir(String workdir) {
        this.workdir = workdir;
    }

    public List<PortSpec> getPorts() {
        return ports;
    }

    public void setPorts(List<PortSpec> ports) {
        this.ports = ports == null ? new ArrayList<>() : ports;
    }

    public List<CacheMountSpec> getCacheMounts() {
        return cacheMounts;
    }

    public void setCacheMounts(List<CacheMountSpec> cacheMounts) {
        this.cacheMounts = cacheMounts == null ? new ArrayList<>() : cacheMounts;
    }

    public List<SecretEnvSpec> getSecretEnv() {
        return secretEnv;
    }

    public void setSecretEnv(List<SecretEnvSpec> secretEnv) {
        this.secretEnv = secretEnv == null ? new ArrayList<>() : secretEnv;
    }

    public List<SecretMountSpec> getSecretMounts() {
        return secretMounts;
    }

    public void setSecretMounts(List<SecretMountSpec> secretMounts) {
        this.secretMounts = secretMounts == null ? new ArrayList<>() : secretMounts;
    }

    public List<BindingSpec> getBindings() {
        return bindings;
    }

    public void setBindings(List<BindingSpec> bindings) {
        this.bindings = bindings == null ? new ArrayList<>() : bindings;
    }

    public List<HostAlias> getHostAliases() {
        return hostAliases;
    }

    public void setHostAliases(List<HostAlias> hostAliases) {
        this.hostAliases = hostAliases == null ? new ArrayList<>() : hostAliases;
    }

    public String getProbeImage() {
        return probeImage;
    }

    public void setProbeImage(String probeImage) {
        this.probeImage = probeImage;
    }

    public boolean isPinned() {
        return pinned;
    }

    public void setPinned(boolean pinned) {
        this.pinned = pinned;
    }

    public RelaySpec getRelay() {
        return relay;
    }

    public void setRelay(RelaySpec relay) {
        this.relay = relay;
    }

    public List<ExposureSpec> getExposures() {
        return exposures;
    }

    public void setExposures(List<ExposureSpec> exposures) {
        this.exposures = exposures == null ? new ArrayList<>() : new ArrayList<>(exposures);
    }
}
