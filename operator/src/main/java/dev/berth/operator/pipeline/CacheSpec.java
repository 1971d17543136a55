package dev.berth.operator.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.berth.engine.model.CacheSharingMode;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A cache volume mounted at a path (Dagger's withMountedCache); it outlives the pipeline. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CacheSpec {

    @Required
    @Size(min = 1, max = Rules.MAX_PATH)
    @ValidationRule(value = Rules.ABSOLUTE, message = Rules.ABSOLUTE_MESSAGE)
    private String path;

    @JsonPropertyDescription("The cache volume's key (Dagger's cacheVolume(key)): the same key is the same data.")
    @Required
    @Size(min = 1, max = 253)
    private String volume;

    @JsonPropertyDescription("SHARED (the default): every pod mounts the same directory. Dagger's PRIVATE and LOCKED"
            + " are refused: not supported yet.")
    @Size(max = Rules.MAX_ENUM)
    @ValidationRule(value = Rules.SHARED_ONLY, messageExpression = Rules.SHARED_ONLY_MESSAGE,
            message = Rules.SHARED_ONLY_FALLBACK)
    private CacheSharingMode sharing;

    public CacheSpec() {
    }

    public CacheSpec(String path, String volume) {
        this.path = path;
        this.volume = volume;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String getVolume() {
        return volume;
    }

    public void setVolume(String volume) {
        this.volume = volume;
    }

    public CacheSharingMode getSharing() {
        return sharing;
    }

    public void setSharing(CacheSharingMode sharing) {
        this.sharing = sharing;
    }
}
