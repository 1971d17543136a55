package dev.berth.engine.files;

/**
 * Paths inside a tree: relative, {@code /}-separated, without empty, {@code .} or {@code ..}
 * segments, so that a tree (or a bundle made from one) can never name a place outside its root.
 */
public final class TreePaths {

    private TreePaths() {
    }

    /** {@code path} if it is a valid relative tree path; the root itself is not one. */
    public static String relative(String path) {
        if (path == null || path.isEmpty()) {
            throw new FilesException("an empty path");
        }
        if (path.startsWith("/") || path.indexOf('\0') >= 0) {
            throw new FilesException("\"" + printable(path) + "\" is not a relative path");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new FilesException("\"" + printable(path) + "\" has an empty, \".\" or \"..\" segment");
            }
        }
        return path;
    }

    /**
     * A path given by a user for a place in a tree ({@code "src/a"}, {@code "/src/a"},
     * {@code "./src//a/"}), cleaned; {@code ""} is the root. {@code ..} may not leave the root.
     */
    public static String clean(String path, String field) {
        if (path == null) {
            return "";
        }
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (parts.isEmpty()) {
                    throw new FilesException(field + ": \"" + printable(path) + "\" leaves the directory");
                }
                parts.removeLast();
                continue;
            }
            if (segment.indexOf('\0') >= 0) {
                throw new FilesException(field + ": a path may not contain NUL");
            }
            parts.addLast(segment);
        }
        return String.join("/", parts);
    }

    /** The parent of a relative path, {@code ""} for a top-level one. */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** {@code child} under {@code parent} (the root when empty). */
    public static String join(String parent, String child) {
        return parent.isEmpty() ? child : child.isEmpty() ? parent : parent + "/" + child;
    }

    static String printable(String path) {
        String shown = path.length() > 200 ? path.substring(0, 200) + "..." : path;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
