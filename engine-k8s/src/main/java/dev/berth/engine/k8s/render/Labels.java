package dev.berth.engine.k8s.render;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Label keys and values Berth puts on what it creates, and the reference-count labels. */
public final class Labels {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_BERTH = "berth";
    /** On session namespaces: the session id. */
    public static final String SESSION = "berth.dev/session";
    /**
     * {@code berth.dev/operator=true} on the operator's pods (the chart sets it): session
     * namespaces admit ingress from pods with it in the operator's namespace.
     */
    public static final String OPERATOR = "berth.dev/operator";
    /** Set by Kubernetes on every namespace: its name, so a namespaceSelector can name one. */
    public static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";
    /** {@code service} or {@code exec}. */
    public static final String ROLE = "berth.dev/role";
    public static final String ROLE_SERVICE = "service";
    public static final String ROLE_EXEC = "exec";
    /** On service pods: the hostname; the Kubernetes Service selects on it. */
    public static final String INSTANCE = "berth.dev/instance";
    /** On every pod (exec or service) that binds services: it counts as their user. */
    public static final String CLIENT = "berth.dev/client";
    /** {@code uses.berth.dev/<hostname>=true}: one per bound service, on client pods and instances. */
    public static final String USES_PREFIX = "uses.berth.dev/";

    public static final String CLIENT_SELECTOR = CLIENT + "=true";
    public static final String SERVICE_POD_SELECTOR = ROLE + "=" + ROLE_SERVICE;

    private Labels() {
    }

    /** A hostname is an RFC 1123 label of at most 63 characters, so it fits a label key's name part. */
    public static String uses(String hostname) {
        return USES_PREFIX + hostname;
    }

    /** Hostnames of the services a pod or instance with these labels uses. */
    public static Set<String> usedHostnames(Map<String, String> labels) {
        Set<String> out = new TreeSet<>();
        if (labels != null) {
            labels.forEach((key, value) -> {
                if (key.startsWith(USES_PREFIX) && "true".equals(value)) {
                    out.add(key.substring(USES_PREFIX.length()));
                }
            });
        }
        return out;
    }

    public static boolean uses(Map<String, String> labels, String hostname) {
        return labels != null && "true".equals(labels.get(uses(hostname)));
    }
}
