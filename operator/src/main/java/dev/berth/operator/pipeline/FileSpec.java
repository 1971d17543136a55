package dev.berth.operator.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A file written into the container before it runs (Dagger's withNewFile). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FileSpec {

    @JsonPropertyDescription("Absolute, or relative to workdir.")
    @Required
    @Size(min = 1, max = Rules.MAX_PATH)
    private String path;

    private String contents = "";

    @JsonPropertyDescription("Unix permission bits, e.g. 0755 (a YAML octal literal) or 493; default 0644.")
    @Min(0)
    @Max(07777)
    private Integer permissions;

    public FileSpec() {
    }

    public FileSpec(String path, String contents, Integer permissions) {
        this.path = path;
        this.contents = contents;
        this.permissions = permissions;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String getContents() {
        return contents;
    }

    public void setContents(String contents) {
        this.contents = contents;
    }

    public Integer getPermissions() {
        return permissions;
    }

    public void setPermissions(Integer permissions) {
        this.permissions = permissions;
    }
}
