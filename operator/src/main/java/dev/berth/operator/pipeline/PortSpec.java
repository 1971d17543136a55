package dev.berth.operator.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.berth.engine.model.NetworkProtocol;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A port the service listens on (Dagger's withExposedPort). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PortSpec {

    @Required
    @Min(1)
    @Max(65535)
    private Integer port;

    @JsonPropertyDescription("TCP (default) or UDP.")
    private NetworkProtocol protocol;

    @Size(max = 1024)
    private String description;

    @JsonPropertyDescription("Do not wait for this port to accept connections before clients run.")
    private Boolean skipHealthcheck;

    public PortSpec() {
    }

    public PortSpec(Integer port) {
        this.port = port;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public NetworkProtocol getProtocol() {
        return protocol;
    }

    public void setProtocol(NetworkProtocol protocol) {
        this.protocol = protocol;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public Boolean getSkipHealthcheck() {
        return skipHealthcheck;
    }

    public void setSkipHealthcheck(Boolean skipHealthcheck) {
        this.skipHealthcheck = skipHealthcheck;
    }
}
