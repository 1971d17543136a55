package dev.berth.engine.k8s.crd;

/** A cache volume mounted at {@code path}, stored on the node at {@code hostPath}. */
public class CacheMountSpec {

    private String path;
    /** The user's cache key, for people reading the resource. */
    private String key;
    /** SHARED, PRIVATE or LOCKED (see CacheVolumes for what Kubernetes makes of each). */
    private String sharing;
    private String hostPath;

    public CacheMountSpec() {
    }

    public CacheMountSpec(String path, String key, String sharing, String hostPath) {
        this.path = path;
        this.key = key;
        this.sharing = sharing;
        this.hostPath = hostPath;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public String getSharing() {
        return sharing;
    }

    public void setSharing(String sharing) {
        this.sharing = sharing;
    }

    public String getHostPath() {
        return hostPath;
    }

    public void setHostPath(String hostPath) {
        this.hostPath = hostPath;
    }
}
