package dev.berth.e2e.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Directories on "the user's machine" (this one) for the host-files scenarios, and what they hash to. */
final class HostTrees {

    static final String HELLO = "hello from the host\n";

    private HostTrees() {
    }

    /**
     * {@code a.txt} (every byte value, then random bytes: a copy must be byte-identical),
     * {@code nested/deeper/hello.txt}, and {@code skip/} which the scripts exclude.
     */
    static Path small(Path root) throws IOException {
        Files.createDirectories(root.resolve("nested/deeper"));
        Files.createDirectories(root.resolve("skip"));
        byte[] a = new byte[256 + 4096];
        for (int i = 0; i < 256; i++) {
            a[i] = (byte) i;
        }
        byte[] random = new byte[4096];
        new SecureRandom().nextBytes(random);
        System.arraycopy(random, 0, a, 256, random.length);
        Files.write(root.resolve("a.txt"), a);
        Files.writeString(root.resolve("nested/deeper/hello.txt"), HELLO);
        Files.writeString(root.resolve("skip/excluded.txt"), "must not be copied\n");
        return root;
    }

    /**
     * {@code dirs} x {@code files} files of {@code size} random bytes each (fresh content, so the
     * first upload sends it all); returns the hash {@code find . -type f | sort | xargs sha256sum |
     * sha256sum} gives inside a container.
     */
    static String large(Path root, int dirs, int files, int size) throws IOException {
        SecureRandom random = new SecureRandom();
        MessageDigest listing = sha256();
        byte[] content = new byte[size];
        for (int d = 0; d < dirs; d++) {
            String dir = String.format("d%03d", d);
            Files.createDirectories(root.resolve(dir));
            for (int f = 0; f < files; f++) {
                String path = dir + "/" + String.format("f%03d.bin", f);
                random.nextBytes(content);
                Files.write(root.resolve(path), content);
                String line = hex(sha256().digest(content)) + "  ./" + path + "\n";
                listing.update(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        return hex(listing.digest());
    }

    static String sha256Hex(byte[] content) {
        return hex(sha256().digest(content));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
