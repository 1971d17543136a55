package dev.berth.operator.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.berth.engine.model.ReturnType;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/**
 * One step: a container with service bindings whose exec runs once (Dagger's
 * {@code container...withServiceBinding(alias, svc).withExec(args).stdout()}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = Rules.RELATIVE_FILES, fieldPath = ".files", message = Rules.RELATIVE_FILES_MESSAGE)
@ValidationRule(value = "!(has(self.useEntrypoint) && self.useEntrypoint) || has(self.entrypoint)",
        fieldPath = ".useEntrypoint",
        message = "useEntrypoint needs entrypoint to be set: Berth does not inspect images, so the image's own"
                + " ENTRYPOINT is unknown")
public class StepSpec extends ContainerSpec {

    @JsonPropertyDescription("Step name, reported in status.steps[].name.")
    @Required
    @Size(min = 1, max = Rules.MAX_NAME)
    @ValidationRule(value = Rules.DNS_LABEL, message = Rules.DNS_LABEL_MESSAGE)
    private String name;

    @JsonPropertyDescription("Services bound into this step under an alias; they start before the exec runs.")
    @Size(max = Rules.MAX_BINDINGS)
    @ValidationRule(value = "self.all(b, !has(b.alias) || self.exists_one(c, has(c.alias) && c.alias == b.alias))",
            message = "each alias may be bound only once per step",
            messageExpression = "'alias \"%s\" is bound more than once in this step'.format([self.filter(b,"
                    + " has(b.alias) && self.filter(c, has(c.alias) && c.alias == b.alias).size() > 1)[0].alias])")
    private List<BindingSpec> services = new ArrayList<>();

    @JsonPropertyDescription("The command to run (Dagger's withExec args).")
    @Required
    @Size(min = 1, max = Rules.MAX_ARGS)
    private List<String> exec = new ArrayList<>();

    @JsonPropertyDescription("Put the entrypoint in front of exec.")
    private Boolean useEntrypoint;

    @JsonPropertyDescription("Which exit codes count as success: SUCCESS (0, default), FAILURE (non-zero) or ANY.")
    private ReturnType expect;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public List<BindingSpec> getServices() {
        return services;
    }

    public void setServices(List<BindingSpec> services) {
        this.services = services;
    }

    public List<String> getExec() {
        return exec;
    }

    public void setExec(List<String> exec) {
        this.exec = exec;
    }

    public Boolean getUseEntrypoint() {
        return useEntrypoint;
    }

    public void setUseEntrypoint(Boolean useEntrypoint) {
        this.useEntrypoint = useEntrypoint;
    }

    public ReturnType getExpect() {
        return expect;
    }

    public void setExpect(ReturnType expect) {
        this.expect = expect;
    }
}
