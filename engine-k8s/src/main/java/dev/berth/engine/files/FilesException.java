package dev.berth.engine.files;

/** A file operation refused or failed; the message is for the user, naming the path. */
public class FilesException extends RuntimeException {

    public FilesException(String message) {
        super(message);
    }

    public FilesException(String message, Throwable cause) {
        super(message, cause);
    }
}
