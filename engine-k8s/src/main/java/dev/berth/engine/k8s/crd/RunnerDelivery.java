package dev.berth.engine.k8s.crd;

import java.util.Locale;

/**
 * How the berth-runner binary gets into a pod whose image does not have it. The spelling of the
 * constants is what {@code kubectl get -o yaml} shows in {@code spec.runner.delivery}.
 */
public enum RunnerDelivery {
    /**
     * The runner image mounted as an image volume (Kubernetes 1.35 and later enable them by
     * default): no init container, so the main container starts one kubelet round sooner.
     */
    ImageVolume,
    /** An init container copies the binary into an emptyDir: works on every Kubernetes version. */
    Copy;

    /** The operator's setting: {@code auto}, {@code image-volume} or {@code copy}. */
    public static final String AUTO = "auto";

    /** The first Kubernetes minor version that enables image volumes by default. */
    static final int IMAGE_VOLUMES_BY_DEFAULT = 35;

    /**
     * @param setting {@code auto} (by the API server's version), {@code image-volume} or {@code copy}
     * @param serverMinor the API server's minor version as it reports it ("36", "35+"); read only for auto
     */
    public static RunnerDelivery fromSetting(String setting, java.util.function.Supplier<String> serverMinor) {
        return switch (setting.trim().toLowerCase(Locale.ROOT)) {
            case "image-volume" -> ImageVolume;
            case "copy" -> Copy;
            case AUTO -> minor(serverMinor.get()) >= IMAGE_VOLUMES_BY_DEFAULT ? ImageVolume : Copy;
            default -> throw new IllegalArgumentException("runner delivery must be auto, image-volume or copy; got \""
                    + setting + "\"");
        };
    }

    /** {@link #fromSetting} with the minor version of the cluster {@code client} talks to. */
    public static RunnerDelivery forCluster(String setting, io.fabric8.kubernetes.client.KubernetesClient client) {
        return fromSetting(setting, () -> {
            try {
                return client.getKubernetesVersion().getMinor();
            } catch (RuntimeException e) {
                return null; // version unknown: copy, which works everywhere
            }
        });
    }

    /** "35+" (how some managed clusters report it) is 35; anything unreadable is 0, i.e. old. */
    private static int minor(String reported) {
        String digits = reported == null ? "" : reported.replaceAll("[^0-9].*$", "");
        try {
            return digits.isEmpty() ? 0 : Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
