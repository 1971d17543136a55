package dev.berth.operator.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** What services and steps both describe: a container built from an image (Dagger's Container). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class ContainerSpec {

    @JsonPropertyDescription("Image address, e.g. python, alpine or mariadb:10.11.2 (Dagger's from).")
    @Required
    @Size(min = 1, max = Rules.MAX_IMAGE)
    @ValidationRule(value = Rules.IMAGE, message = Rules.IMAGE_MESSAGE)
    private String image;

    @JsonPropertyDescription("Working directory (absolute); default: the image's own.")
    @Size(min = 1, max = Rules.MAX_PATH)
    @ValidationRule(value = Rules.ABSOLUTE, message = Rules.ABSOLUTE_MESSAGE)
    private String workdir;

    @Size(max = Rules.MAX_ENV)
    private List<EnvVarSpec> env = new ArrayList<>();

    @JsonPropertyDescription("Files written before the container runs (Dagger's withNewFile).")
    @Size(max = Rules.MAX_FILES)
    private List<FileSpec> files = new ArrayList<>();

    @JsonPropertyDescription("Cache volumes mounted into the container (Dagger's withMountedCache).")
    @Size(max = Rules.MAX_CACHES)
    private List<CacheSpec> caches = new ArrayList<>();

    @JsonPropertyDescription("Replaces the image's ENTRYPOINT (Dagger's withEntrypoint).")
    @Size(max = Rules.MAX_ARGS)
    private List<String> entrypoint;

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getWorkdir() {
        return workdir;
    }

    public void setWorkdir(String workdir) {
        this.workdir = workdir;
    }

    public List<EnvVarSpec> getEnv() {
        return env;
    }

    public void setEnv(List<EnvVarSpec> env) {
        this.env = env;
    }

    public List<FileSpec> getFiles() {
        return files;
    }

    public void setFiles(List<FileSpec> files) {
        this.files = files;
    }

    public List<CacheSpec> getCaches() {
        return caches;
    }

    public void setCaches(List<CacheSpec> caches) {
        this.caches = caches;
    }

    public List<String> getEntrypoint() {
        return entrypoint;
    }

    public void setEntrypoint(List<String> entrypoint) {
        this.entrypoint = entrypoint;
    }
}
