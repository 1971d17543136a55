package dev.berth.operator.pipeline;

import dev.berth.engine.model.CacheSharingMode;

/**
 * The CEL and size limits of the Pipeline schema, in one place.
 *
 * <p>The API server estimates the worst-case cost of every CEL rule from the schema's bounds
 * and refuses a CRD whose rules could exceed its budget; every list and string a rule touches is
 * therefore bounded here ({@code maxItems}, {@code maxLength}).
 */
final class Rules {

    static final int MAX_SERVICES = 16;
    static final int MAX_STEPS = 50;
    static final int MAX_BINDINGS = 16;
    static final int MAX_ENV = 64;
    static final int MAX_FILES = 32;
    static final int MAX_CACHES = 16;
    static final int MAX_PORTS = 16;
    static final int MAX_ARGS = 256;
    static final int MAX_NAME = 63;
    static final int MAX_IMAGE = 512;
    static final int MAX_PATH = 4096;
    static final int MAX_ENV_NAME = 256;
    /** An enum value a rule reads: bounded, so the API server's cost estimate of the rule stays small. */
    static final int MAX_ENUM = 16;

    /** RFC 1123 label, what a pod's host alias and a DNS name accept. */
    static final String DNS_LABEL = "self.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')";
    static final String DNS_LABEL_MESSAGE =
            "must be a lowercase RFC 1123 label: a-z, 0-9 and '-', starting and ending with a letter or digit";
    /** RFC 1035 label: a Kubernetes Service name also starts with a letter. */
    static final String SERVICE_NAME = "self.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')";
    static final String SERVICE_NAME_MESSAGE =
            "must be a lowercase RFC 1123 label starting with a letter: a-z, 0-9 and '-'";
    static final String IMAGE = "self.matches('^[!-~]+$')";
    static final String IMAGE_MESSAGE = "must be an image reference without whitespace, e.g. python or mariadb:10.11.2";
    static final String ABSOLUTE = "self.startsWith('/')";
    static final String ABSOLUTE_MESSAGE = "must be an absolute path";
    /** Printable ASCII without '=' or space: what a shell can read as a variable. */
    static final String ENV_NAME = "self.matches('^[!-<>-~]+$')";
    static final String ENV_NAME_MESSAGE = "must be printable ASCII without '=' or spaces";

    /** Cache sharing: the engine model refuses PRIVATE and LOCKED; the schema says so at apply time. */
    static final String SHARED_ONLY = "self == 'SHARED'";
    static final String SHARED_ONLY_MESSAGE = "self + \" " + CacheSharingMode.ONLY_SHARED + "\"";
    static final String SHARED_ONLY_FALLBACK = "must be SHARED: PRIVATE and LOCKED are not supported yet";

    static final String RELATIVE_FILES = "!has(self.files) || has(self.workdir)"
            + " || self.files.all(f, !has(f.path) || f.path.startsWith('/'))";
    static final String RELATIVE_FILES_MESSAGE = "a relative file path needs workdir to be set"
            + " (Berth does not inspect images, so the image's own workdir is unknown)";

    private Rules() {
    }
}
