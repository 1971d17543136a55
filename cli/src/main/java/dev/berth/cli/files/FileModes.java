package dev.berth.cli.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Permission bits (the low 12 bits of a mode) on this machine. Where the file system has no Unix
 * modes (Windows) files read as 0644 and directories as 0755, and modes are not written.
 */
final class FileModes {

    static final int DEFAULT_FILE = 0644;
    static final int DEFAULT_DIRECTORY = 0755;

    /** What an lstat says about one path. */
    record Stat(boolean directory, boolean regularFile, boolean symbolicLink, long size, int mode) {
    }

    private FileModes() {
    }

    /** The path itself (a link is not followed). */
    static Stat stat(Path path) throws IOException {
        try {
            // one lstat for all of them (the unix view includes the basic attributes)
            Map<String, Object> unix = Files.readAttributes(path,
                    "unix:mode,size,isDirectory,isRegularFile,isSymbolicLink", LinkOption.NOFOLLOW_LINKS);
            return new Stat((Boolean) unix.get("isDirectory"), (Boolean) unix.get("isRegularFile"),
                    (Boolean) unix.get("isSymbolicLink"), (Long) unix.get("size"),
                    (Integer) unix.get("mode") & Bundle.MODE_MASK);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            var basic = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return new Stat(basic.isDirectory(), basic.isRegularFile(), basic.isSymbolicLink(), basic.size(),
                    basic.isDirectory() ? DEFAULT_DIRECTORY : DEFAULT_FILE);
        }
    }

    /**
     * Sets the permission bits (setuid, setgid and sticky too where the JDK can) of a file or
     * directory berth just made, never a link: a plain chmod (without NOFOLLOW the JDK need not
     * open the file, which a mode without read permission would forbid).
     */
    static void set(Path path, int mode) throws IOException {
        try {
            Files.setAttribute(path, "unix:mode", mode & Bundle.MODE_MASK);
            return;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // no unix view: the nine rwx bits where there is a POSIX one
        }
        try {
            Files.setPosixFilePermissions(path, permissions(mode));
        } catch (UnsupportedOperationException e) {
            // no POSIX permissions on this file system
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }
}
