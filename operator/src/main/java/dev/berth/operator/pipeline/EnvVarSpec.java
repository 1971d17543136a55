package dev.berth.operator.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** An environment variable (Dagger's withEnvVariable). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EnvVarSpec {

    @Required
    @Size(min = 1, max = Rules.MAX_ENV_NAME)
    @ValidationRule(value = Rules.ENV_NAME, message = Rules.ENV_NAME_MESSAGE)
    private String name;

    private String value = "";

    public EnvVarSpec() {
    }

    public EnvVarSpec(String name, String value) {
        this.name = name;
        this.value = value;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getValue() {
        return value;
    }

    public void setValue(String value) {
        this.value = value;
    }
}
