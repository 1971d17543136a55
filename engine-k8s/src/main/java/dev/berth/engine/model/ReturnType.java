package dev.berth.engine.model;

/** Which exit codes of an exec count as success (Dagger's ReturnType). */
public enum ReturnType {
    /** Exit code 0 only. */
    SUCCESS,
    /** Any non-zero exit code. */
    FAILURE,
    /** Any exit code. */
    ANY;

    public boolean accepts(int exitCode) {
        return switch (this) {
            case SUCCESS -> exitCode == 0;
            case FAILURE -> exitCode != 0;
            case ANY -> true;
        };
    }
}
