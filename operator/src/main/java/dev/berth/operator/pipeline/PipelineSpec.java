package dev.berth.operator.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Named services, and the steps that run in order and bind them by alias. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.steps) || self.steps.all(s, !has(s.services) || s.services.all(b,"
        + " has(self.services) && self.services.exists(v, v.name == b.service)))",
        fieldPath = ".steps",
        message = "every service bound by a step must be declared in spec.services",
        // format(), not '+': the API server estimates a concatenation's cost as unbounded.
        messageExpression = "self.steps.filter(s, has(s.services) && s.services.exists(b,"
                + " !(has(self.services) && self.services.exists(v, v.name == b.service))))"
                + ".map(s, 'step \"%s\" binds service \"%s\", which is not declared in spec.services'"
                + ".format([s.name, s.services.filter(b,"
                + " !(has(self.services) && self.services.exists(v, v.name == b.service)))[0].service]))[0]")
public class PipelineSpec {

    @JsonPropertyDescription("Services the steps may bind, by name. A service starts just in time, when a step"
            + " that binds it runs, and stops after a grace period once no step uses it.")
    @Size(max = Rules.MAX_SERVICES)
    @ValidationRule(value = "self.all(s, !has(s.name) || self.exists_one(t, has(t.name) && t.name == s.name))",
            message = "service names must be unique",
            messageExpression = "'service name \"%s\" is declared more than once'.format([self.filter(s,"
                    + " has(s.name) && self.filter(t, has(t.name) && t.name == s.name).size() > 1)[0].name])")
    private List<ServiceSpec> services = new ArrayList<>();

    @JsonPropertyDescription("Steps, run one after the other; each is one container whose exec runs once.")
    @Required
    @Size(min = 1, max = Rules.MAX_STEPS)
    @ValidationRule(value = "self.all(s, !has(s.name) || self.exists_one(t, has(t.name) && t.name == s.name))",
            message = "step names must be unique",
            messageExpression = "'step name \"%s\" is used more than once'.format([self.filter(s,"
                    + " has(s.name) && self.filter(t, has(t.name) && t.name == s.name).size() > 1)[0].name])")
    private List<StepSpec> steps = new ArrayList<>();

    public List<ServiceSpec> getServices() {
        return services;
    }

    public void setServices(List<ServiceSpec> services) {
        this.services = services;
    }

    public List<StepSpec> getSteps() {
        return steps;
    }

    public void setSteps(List<StepSpec> steps) {
        this.steps = steps;
    }
}
