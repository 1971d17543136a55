package dev.berth.engine.model;

import java.util.List;
import java.util.regex.Pattern;

/** Argument checks shared by the model; each failure names the API field it belongs to. */
final class Checks {

    /** RFC 1123 label as Kubernetes spells it: what a pod's /etc/hosts alias and DNS accept. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    /** RFC 1035 label: a Kubernetes Service name must also start with a letter. */
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

    private static final int MAX_LABEL = 63;

    private Checks() {
    }

    static <T> T notNull(T value, String field) {
        if (value == null) {
            throw new ValidationException(field, "must not be null");
        }
        return value;
    }

    static String notBlank(String value, String field) {
        notNull(value, field);
        if (value.isBlank()) {
            throw new ValidationException(field, "must not be empty or blank");
        }
        return value;
    }

    static int port(int port, String field) {
        if (port < 1 || port > 65535) {
            throw new ValidationException(field, "must be between 1 and 65535, got " + port);
        }
        return port;
    }

    /** A binding alias becomes a host name inside the client pod. */
    static String alias(String alias, String field) {
        notBlank(alias, field);
        if (alias.length() > MAX_LABEL || !DNS_LABEL.matcher(alias).matches()) {
            throw new ValidationException(field, "must be a lowercase RFC 1123 label (a-z, 0-9, '-', "
                    + "alphanumeric at both ends, at most 63 characters), got \"" + alias + "\"");
        }
        return alias;
    }

    /** A custom service hostname becomes a Kubernetes Service name, hence the leading letter. */
    static String serviceHostname(String name, String field) {
        notBlank(name, field);
        if (name.length() > MAX_LABEL || !SERVICE_NAME.matcher(name).matches()) {
            throw new ValidationException(field, "must be a lowercase RFC 1123 label starting with a letter "
                    + "(a-z, 0-9, '-', at most 63 characters), got \"" + name + "\"");
        }
        return name;
    }

    /**
     * Kubernetes accepts any printable ASCII except '=' in an env var name; a space is allowed
     * there too, but no shell can read such a variable, so we refuse it.
     */
    static String envName(String name, String field) {
        notNull(name, field);
        if (name.isEmpty()) {
            throw new ValidationException(field, "must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '=' || c <= ' ' || c > '~') {
                throw new ValidationException(field, "must be printable ASCII without '=' or spaces, got \""
                        + name + "\"");
            }
        }
        return name;
    }

    static List<String> args(List<String> args, String field) {
        notNull(args, field);
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i) == null) {
                throw new ValidationException(field, "element " + i + " must not be null");
            }
        }
        return List.copyOf(args);
    }

    static List<String> nonEmptyArgs(List<String> args, String field) {
        List<String> copy = args(args, field);
        if (copy.isEmpty()) {
            throw new ValidationException(field, "must contain at least the command to run");
        }
        return copy;
    }

    static int permissions(int permissions, String field) {
        if (permissions < 0 || permissions > 07777) {
            throw new ValidationException(field, "must be a file mode between 0 and 07777 (octal), got "
                    + Integer.toOctalString(permissions) + " (octal)");
        }
        return permissions;
    }
}
