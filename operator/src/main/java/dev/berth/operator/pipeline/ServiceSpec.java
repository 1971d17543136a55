package dev.berth.operator.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/**
 * A service: a container run as a long-lived process with exposed ports (Dagger's
 * {@code container...asService(args)}). Its host name is content-addressed unless set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = Rules.RELATIVE_FILES, fieldPath = ".files", message = Rules.RELATIVE_FILES_MESSAGE)
@ValidationRule(value = "!has(self.files) || size(self.files) == 0 || has(self.entrypoint)"
        + " || (has(self.args) && size(self.args) > 0 && !(has(self.useEntrypoint) && self.useEntrypoint))",
        fieldPath = ".args",
        message = "a service with files needs its command spelled out: set args (without useEntrypoint) or"
                + " entrypoint, because Berth does not inspect images and so does not know their ENTRYPOINT/CMD")
@ValidationRule(value = "!has(self.entrypoint) || size(self.entrypoint) > 0 || (has(self.args) && size(self.args) > 0)",
        fieldPath = ".entrypoint",
        message = "the service has no command: entrypoint is empty and no args are given")
public class ServiceSpec extends ContainerSpec {

    @JsonPropertyDescription("Name steps use to bind the service (spec.steps[].services[].service).")
    @Required
    @Size(min = 1, max = Rules.MAX_NAME)
    @ValidationRule(value = Rules.DNS_LABEL, message = Rules.DNS_LABEL_MESSAGE)
    private String name;

    @JsonPropertyDescription("The service's command (Dagger's asService args); default: the image's own"
            + " ENTRYPOINT and CMD.")
    @Size(max = Rules.MAX_ARGS)
    private List<String> args;

    @JsonPropertyDescription("Put the entrypoint in front of args.")
    private Boolean useEntrypoint;

    @Size(max = Rules.MAX_PORTS)
    private List<PortSpec> ports = new ArrayList<>();

    @JsonPropertyDescription("Fixed host name instead of the content-addressed one (Dagger's withHostname).")
    @Size(min = 1, max = Rules.MAX_NAME)
    @ValidationRule(value = Rules.SERVICE_NAME, message = Rules.SERVICE_NAME_MESSAGE)
    private String hostname;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public List<String> getArgs() {
        return args;
    }

    public void setArgs(List<String> args) {
        this.args = args;
    }

    public Boolean getUseEntrypoint() {
        return useEntrypoint;
    }

    public void setUseEntrypoint(Boolean useEntrypoint) {
        this.useEntrypoint = useEntrypoint;
    }

    public List<PortSpec> getPorts() {
        return ports;
    }

    public void setPorts(List<PortSpec> ports) {
        this.ports = ports;
    }

    public String getHostname() {
        return hostname;
    }

    public void setHostname(String hostname) {
        this.hostname = hostname;
    }
}
