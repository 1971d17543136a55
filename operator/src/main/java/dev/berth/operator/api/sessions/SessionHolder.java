package dev.berth.operator.api.sessions;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who holds the API sessions this process opens: its pod (the chart passes the pod's name) and
 * this boot of it. API sessions live in the process's memory only, so their namespaces are
 * labelled with the holder; a namespace whose holder is gone (pod deleted, or the same pod's
 * container restarted) is an orphan that {@link OrphanedSessions} deletes.
 */
@ApplicationScoped
public class SessionHolder {

    public static final String POD_LABEL = "berth.dev/api-holder";
    public static final String POD_NAMESPACE_LABEL = "berth.dev/api-holder-namespace";
    public static final String BOOT_LABEL = "berth.dev/api-holder-boot";

    private static final Pattern LABEL_VALUE = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?");

    private final Optional<String> podName;
    private final String podNamespace;
    private final String boot = UUID.randomUUID().toString();

    public SessionHolder(@ConfigProperty(name = "berth.operator.pod-name") Optional<String> podName,
            @ConfigProperty(name = "berth.operator.namespace", defaultValue = "default") String podNamespace) {
        // A name that is no label value cannot be recorded: such sessions are simply not collected.
        this.podName = podName.filter(n -> LABEL_VALUE.matcher(n).matches());
        this.podNamespace = podNamespace;
    }

    /** The pod this process runs in, when known (never outside a cluster). */
    public Optional<String> podName() {
        return podName;
    }

    public String podNamespace() {
        return podNamespace;
    }

    public String boot() {
        return boot;
    }

    /** The labels of a session namespace opened here; none when the pod is not known. */
    public Map<String, String> namespaceLabels() {
        return podName.map(pod -> Map.of(POD_LABEL, pod, POD_NAMESPACE_LABEL, podNamespace, BOOT_LABEL, boot))
                .orElse(Map.of());
    }
}
