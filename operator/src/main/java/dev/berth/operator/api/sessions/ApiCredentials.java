package dev.berth.operator.api.sessions;

import dev.berth.operator.api.ids.IdCodec;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The operator's own secrets: the bootstrap credential that guards opening sessions, and the key
 * that signs object IDs.
 *
 * <p>Bootstrap credential: {@code berth.api.bootstrap-token} (env
 * {@code BERTH_API_BOOTSTRAP_TOKEN}; in a cluster, from a Secret only those allowed to open
 * sessions can read). Unset, a random one is generated at start and written, readable by the
 * owner only, to {@code berth.api.bootstrap-token-file}, where {@code berth run --api ...} finds it.
 */
@ApplicationScoped
public class ApiCredentials {

    private static final Logger LOG = Logger.getLogger(ApiCredentials.class);

    @ConfigProperty(name = "berth.api.bootstrap-token")
    Optional<String> configuredBootstrapToken;

    @ConfigProperty(name = "berth.api.bootstrap-token-file")
    Optional<String> bootstrapTokenFile;

    @ConfigProperty(name = "berth.api.id-secret")
    Optional<String> configuredIdSecret;

    private String bootstrapToken;
    private IdCodec ids;

    void onStart(@Observes StartupEvent event) {
        init();
    }

    synchronized void init() {
        if (bootstrapToken != null) {
            return;
        }
        String token = configuredBootstrapToken.filter(t -> !t.isBlank()).orElse(null);
        if (token == null) {
            token = Secrets.newToken();
            Path file = Path.of(bootstrapTokenFile.orElse(System.getProperty("user.home") + "/.berth/bootstrap-token"));
            write(file, token);
            LOG.infof("generated the bootstrap credential for opening sessions; written to %s", file);
        } else if (token.length() < 16) {
            throw new IllegalStateException("berth.api.bootstrap-token must have at least 16 characters");
        }
        bootstrapToken = token;
        // A session outlives the process that opened it, so its IDs must be accepted by every
        // replica and after a restart: the key is berth.api.id-secret, else derived from the
        // configured bootstrap credential (which all replicas share); random only for a
        // process whose bootstrap credential is its own (generated), whose sessions no other
        // process can open anyway.
        byte[] idSecret = configuredIdSecret.filter(s -> s.length() >= 32)
                .map(s -> s.getBytes(StandardCharsets.UTF_8))
                .or(() -> configuredBootstrapToken.filter(t -> !t.isBlank())
                        .map(t -> Secrets.sha256("berth object ID key\n" + t)))
                .orElseGet(() -> Secrets.randomBytes(32));
        ids = new IdCodec(idSecret);
    }

    public boolean isBootstrapToken(String presented) {
        init();
        return Secrets.constantTimeEquals(presented, bootstrapToken);
    }

    public IdCodec ids() {
        init();
        return ids;
    }

    private static void write(Path file, String token) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".bootstrap-token", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, token + "\n");
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("no bootstrap credential configured and cannot write a generated one to "
                    + file + ": set berth.api.bootstrap-token (env BERTH_API_BOOTSTRAP_TOKEN) or a writable "
                    + "berth.api.bootstrap-token-file", e);
        }
    }
}
