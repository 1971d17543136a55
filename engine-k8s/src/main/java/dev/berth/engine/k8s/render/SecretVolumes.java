package dev.berth.engine.k8s.render;

import dev.berth.engine.k8s.crd.SecretEnvSpec;
import dev.berth.engine.k8s.crd.SecretMountSpec;
import dev.berth.engine.model.Secret;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

/**
 * Session secrets in pods, by reference only: a variable is a {@code secretKeyRef} and a mounted
 * secret a secret volume whose one file is bind-mounted ({@code subPath}) at the user's path with
 * the user's mode. The kubelet reads the value; no pod spec ever holds it.
 */
public final class SecretVolumes {

    private SecretVolumes() {
    }

    static String volumeName(int index) {
        return "secret-" + index;
    }

    static EnvVar envVar(SecretEnvSpec spec) {
        return new EnvVarBuilder().withName(spec.getName())
                .withNewValueFrom().withNewSecretKeyRef(Secret.KUBE_KEY, spec.getSecret(), false).endValueFrom()
                .build();
    }

    static Volume volume(int index, SecretMountSpec spec) {
        return new VolumeBuilder().withName(volumeName(index))
                .withNewSecret().withSecretName(spec.getSecret()).withOptional(false)
                .addNewItem().withKey(Secret.KUBE_KEY).withPath(Secret.KUBE_KEY).withMode(spec.getMode()).endItem()
                .endSecret()
                .build();
    }

    static VolumeMount mount(int index, SecretMountSpec spec) {
        return new VolumeMountBuilder().withName(volumeName(index)).withMountPath(spec.getPath())
                .withSubPath(Secret.KUBE_KEY).withReadOnly(true).build();
    }
}
