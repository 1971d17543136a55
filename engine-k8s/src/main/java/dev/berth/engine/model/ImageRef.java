package dev.berth.engine.model;

/**
 * Normalises an image address the way Docker and containerd read it, so that "python" and
 * "docker.io/library/python:latest" are one definition (one digest, one hostname).
 */
final class ImageRef {

    private static final String DEFAULT_DOMAIN = "docker.io";
    private static final String LEGACY_DOMAIN = "index.docker.io";
    private static final String OFFICIAL_REPO_PREFIX = "library/";
    private static final String DEFAULT_TAG = "latest";

    private ImageRef() {
    }

    static String normalize(String address, String field) {
        Checks.notBlank(address, field);
        for (int i = 0; i < address.length(); i++) {
            if (Character.isWhitespace(address.charAt(i)) || Character.isISOControl(address.charAt(i))) {
                throw new ValidationException(field, "must not contain whitespace, got \"" + address + "\"");
            }
        }

        String name = address;
        String digest = null;
        int at = address.indexOf('@');
        if (at >= 0) {
            name = address.substring(0, at);
            digest = address.substring(at + 1);
            if (digest.isEmpty() || digest.indexOf(':') <= 0 || digest.endsWith(":")) {
                throw new ValidationException(field, "digest must look like algorithm:hex, got \"" + address + "\"");
            }
        }

        // A tag is a ':' after the last '/', otherwise the ':' belongs to a registry port.
        String tag = null;
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            tag = name.substring(colon + 1);
            name = name.substring(0, colon);
            if (tag.isEmpty()) {
                throw new ValidationException(field, "tag must not be empty, got \"" + address + "\"");
            }
        }
        if (name.isEmpty() || name.startsWith("/") || name.endsWith("/") || name.contains("//")) {
            throw new ValidationException(field, "is not a valid image name, got \"" + address + "\"");
        }

        String domain = DEFAULT_DOMAIN;
        String path = name;
        int slash = name.indexOf('/');
        if (slash >= 0) {
            String first = name.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                domain = first.equals(LEGACY_DOMAIN) ? DEFAULT_DOMAIN : first;
                path = name.substring(slash + 1);
            }
        }
        if (!path.equals(path.toLowerCase(java.util.Locale.ROOT))) {
            throw new ValidationException(field, "repository name must be lowercase, got \"" + address + "\"");
        }
        if (domain.equals(DEFAULT_DOMAIN) && !path.contains("/")) {
            path = OFFICIAL_REPO_PREFIX + path;
        }
        if (tag == null && digest == null) {
            tag = DEFAULT_TAG;
        }

        StringBuilder out = new StringBuilder(domain).append('/').append(path);
        if (tag != null) {
            out.append(':').append(tag);
        }
        if (digest != null) {
            out.append('@').append(digest);
        }
        return out.toString();
    }
}
