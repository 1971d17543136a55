package dev.berth.operator.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A service bound into a step under a host name (Dagger's withServiceBinding). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BindingSpec {

    @JsonPropertyDescription("Host name under which the step reaches the service, e.g. www or db.")
    @Required
    @Size(min = 1, max = Rules.MAX_NAME)
    @ValidationRule(value = Rules.DNS_LABEL, message = Rules.DNS_LABEL_MESSAGE)
    private String alias;

    @JsonPropertyDescription("Name of a service declared in spec.services.")
    @Required
    @Size(min = 1, max = Rules.MAX_NAME)
    private String service;

    public BindingSpec() {
    }

    public BindingSpec(String alias, String service) {
        this.alias = alias;
        this.service = service;
    }

    public String getAlias() {
        return alias;
    }

    public void setAlias(String alias) {
        this.alias = alias;
    }

    public String getService() {
        return service;
    }

    public void setService(String service) {
        this.service = service;
    }
}
