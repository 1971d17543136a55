package dev.berth.cli.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports what a session's pods do, as Dagger's progress output does: an exec starting and
 * finishing (with its exit code and time), a service starting and passing its health check.
 * Watches the session namespace with the user's own Kubernetes credentials; without them (or
 * without {@code watch pods}) it says once that progress is unavailable and stays quiet.
 */
public final class PodProgress implements AutoCloseable {

    private static final String ROLE = "berth.dev/role";
    private static final String INSTANCE = "berth.dev/instance";
    private static final String PLAN_ENV = "BERTH_PLAN";
    /** Set by the engine's ExecRunner (berth.dev/exit-code) when an exec pod's runner reported. */
    private static final String EXIT_CODE_ANNOTATION = "berth.dev/exit-code";

    private final Progress progress;
    private final Map<String, Tracked> pods = new ConcurrentHashMap<>();
    private KubernetesClient client;
    private boolean ownsClient;
    private Watch watch;

    private PodProgress(Progress progress) {
        this.progress = progress;
    }

    /** @param shared a client to use (not closed here); without one, one is built from KUBECONFIG */
    public static PodProgress watch(Progress progress, String namespace, java.util.Optional<KubernetesClient> shared) {
        PodProgress watcher = new PodProgress(progress);
        if (progress.enabled()) {
            watcher.start(namespace, shared);
        }
        return watcher;
    }

    private void start(String namespace, java.util.Optional<KubernetesClient> shared) {
        try {
            ownsClient = shared.isEmpty();
            client = shared.orElseGet(() -> new KubernetesClientBuilder().build());
            watch = client.pods().inNamespace(namespace).watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, Pod pod) {
                    if (action != Action.ERROR) {
                        observe(pod, action == Action.DELETED);
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                    // the session closed or the watch broke: progress is best effort
                }
            });
        } catch (RuntimeException e) {
            progress.line("progress unavailable (" + e.getMessage() + ")");
            close();
        }
    }

    private void observe(Pod pod, boolean deleted) {
        String name = pod.getMetadata().getName();
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        String role = labels.getOrDefault(ROLE, "");
        Tracked tracked = pods.computeIfAbsent(name, n -> {
            Tracked t = new Tracked(System.nanoTime());
            if ("service".equals(role)) {
                progress.line("service " + labels.getOrDefault(INSTANCE, name) + " starting (" + image(pod) + ")");
            } else if ("exec".equals(role)) {
                progress.line("exec " + image(pod) + ": " + command(pod));
            }
            return t;
        });
        synchronized (tracked) {
            Duration since = Duration.ofNanos(System.nanoTime() - tracked.seen);
            if ("service".equals(role) && !tracked.ready && ready(pod)) {
                tracked.ready = true;
                progress.line("service " + labels.getOrDefault(INSTANCE, name) + " healthy after " + Progress.seconds(since));
            }
            if ("service".equals(role) && deleted && !tracked.done) {
                tracked.done = true;
                progress.line("service " + labels.getOrDefault(INSTANCE, name) + " stopped");
            }
            Integer ended = execExitCode(pod);
            if ("exec".equals(role) && ended != null && !tracked.done) {
                tracked.done = true;
                int code = ended;
                progress.line("exec " + image(pod) + (code == 0 ? " done" : " failed (exit " + code + ")") + " in "
                        + Progress.seconds(since));
            }
        }
    }

    /**
     * The exec pod's exit code: the engine's annotation, written the moment the runner reported
     * (before the kubelet notices the container ended), else the terminated container's.
     */
    private static Integer execExitCode(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String reported = annotations == null ? null : annotations.get(EXIT_CODE_ANNOTATION);
        if (reported != null) {
            try {
                return Integer.parseInt(reported);
            } catch (NumberFormatException e) {
                // not ours to judge: fall back to the container status
            }
        }
        ContainerStateTerminated terminated = mainTerminated(pod);
        return terminated == null ? null : terminated.getExitCode() == null ? -1 : terminated.getExitCode();
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static ContainerStateTerminated mainTerminated(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
            if (status.getState() != null && status.getState().getTerminated() != null) {
                return status.getState().getTerminated();
            }
        }
        return null;
    }

    /** As the user wrote it: {@code alpine}, not Berth's normalized {@code docker.io/library/alpine:latest}. */
    static String image(Pod pod) {
        List<Container> containers = pod.getSpec().getContainers();
        if (containers.isEmpty() || containers.get(0).getImage() == null) {
            return "?";
        }
        String image = containers.get(0).getImage();
        if (image.startsWith("docker.io/library/")) {
            image = image.substring("docker.io/library/".length());
        } else if (image.startsWith("docker.io/")) {
            image = image.substring("docker.io/".length());
        }
        return image.endsWith(":latest") ? image.substring(0, image.length() - ":latest".length()) : image;
    }

    /** The exec's command: from the runner plan if the pod runs one (its last exec step), else the container's. */
    static String command(Pod pod) {
        Container main = pod.getSpec().getContainers().get(0);
        if (main.getEnv() != null) {
            for (EnvVar env : main.getEnv()) {
                if (PLAN_ENV.equals(env.getName()) && env.getValue() != null) {
                    String fromPlan = lastExec(env.getValue());
                    if (fromPlan != null) {
                        return fromPlan;
                    }
                }
            }
        }
        List<String> argv = new ArrayList<>();
        if (main.getCommand() != null) {
            argv.addAll(main.getCommand());
        }
        if (main.getArgs() != null) {
            argv.addAll(main.getArgs());
        }
        return String.join(" ", argv);
    }

    private static String lastExec(String planJson) {
        try {
            JsonNode steps = new ObjectMapper().readTree(planJson).path("steps");
            String last = null;
            for (JsonNode step : steps) {
                JsonNode args = step.path("exec").path("args");
                if (args.isArray()) {
                    List<String> argv = new ArrayList<>();
                    args.forEach(a -> argv.add(a.asText()));
                    last = String.join(" ", argv);
                }
            }
            return last;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
        if (client != null && ownsClient) {
            client.close();
        }
    }

    private static final class Tracked {
        final long seen;
        boolean ready;
        boolean done;

        Tracked(long seen) {
            this.seen = seen;
        }
    }
}
