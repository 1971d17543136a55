package dev.berth.engine.k8s.render;

import dev.berth.engine.k8s.crd.CacheMountSpec;
import dev.berth.engine.model.CacheMount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

/**
 * Cache volumes as node directories ({@code <cacheBaseDir>/<sha256 of the key>}), mounted into
 * pods as hostPath volumes (type DirectoryOrCreate).
 *
 * <p>Why not a hostPath PersistentVolume per key, bound per session by a PVC? A PV binds to exactly
 * one claim, so two sessions using the same cache at once (which Dagger allows) would block one
 * another, and every new session would first have to reset the Released volume's claimRef. On
 * the single-node clusters Berth targets both designs store the same directory; this one has no
 * binding state to go wrong. What it costs: the data is node-local (a multi-node cluster needs a
 * ReadWriteMany storage class or node affinity; this class is the one place to change), and the
 * session namespaces must admit hostPath volumes (Pod Security "privileged"; Berth renders the
 * pods, users never choose the path).
 *
 * <p>Sharing modes, as far as Kubernetes allows: SHARED mounts the same directory everywhere.
 * PRIVATE and LOCKED are mounted as SHARED for now: Kubernetes has no per-mount copy-on-write
 * nor mount lock. (LOCKED could become a ReadWriteOncePod claim, which makes later pods wait
 * until the holder ends; PRIVATE a copy into an emptyDir by the runner.)
 */
public final class CacheVolumes {

    private CacheVolumes() {
    }

    public static CacheMountSpec toSpec(CacheMount mount, String cacheBaseDir) {
        String base = cacheBaseDir.endsWith("/") ? cacheBaseDir.substring(0, cacheBaseDir.length() - 1) : cacheBaseDir;
        return new CacheMountSpec(mount.path(), mount.cache().key(), mount.sharing().name(),
                base + "/" + mount.cache().digest().hex());
    }

    static String volumeName(int index) {
        return "cache-" + index;
    }

    static Volume volume(int index, CacheMountSpec spec) {
        return new VolumeBuilder().withName(volumeName(index))
                .withNewHostPath().withPath(spec.getHostPath()).withType("DirectoryOrCreate").endHostPath()
                .build();
    }

    static VolumeMount mount(int index, CacheMountSpec spec) {
        return new VolumeMountBuilder().withName(volumeName(index)).withMountPath(spec.getPath()).build();
    }
}
