package dev.berth.operator.config;

import dev.berth.engine.k8s.session.ExecReports;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The operator's endpoint for exec pods' reports ({@link ExecReports}): pods post to the address
 * of the operator pod that runs their session (the chart passes it as {@code BERTH_POD_IP}), or to
 * {@code berth.exec-reports.url} when the operator runs elsewhere. Without either, exec results
 * come from the pod status and log only, as a pod cannot reach this process.
 */
@ApplicationScoped
public class ExecReportsEndpoint {

    private static final Logger LOG = Logger.getLogger(ExecReportsEndpoint.class);

    @ConfigProperty(name = "berth.exec-reports.port", defaultValue = "8090")
    int port;

    /** How pods reach this process; overrides the pod IP (a developer's operator outside the cluster). */
    @ConfigProperty(name = "berth.exec-reports.url")
    Optional<URI> url;

    @ConfigProperty(name = "berth.pod-ip")
    Optional<String> podIP;

    private Optional<ExecReports> reports;

    /** Started on first use (the first session), once. */
    public synchronized Optional<ExecReports> reports() {
        if (reports == null) {
            Optional<URI> advertised = url.or(() -> podIP.filter(ip -> !ip.isBlank())
                    .map(ip -> URI.create("http://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port)));
            if (advertised.isEmpty()) {
                LOG.info("exec reports: off (neither berth.exec-reports.url nor BERTH_POD_IP is set); exec results "
                        + "come from the pod status");
                reports = Optional.empty();
            } else {
                // An explicit URL is this machine's address as pods see it: listen there only.
                InetSocketAddress bind = url.isPresent() ? new InetSocketAddress(url.get().getHost(), port)
                        : new InetSocketAddress(port);
                try {
                    reports = Optional.of(ExecReports.start(bind, advertised.get()));
                } catch (IOException e) {
                    throw new UncheckedIOException("exec reports: cannot listen on port " + port, e);
                }
            }
        }
        return reports;
    }

    void stop(@Observes ShutdownEvent event) {
        if (reports != null) {
            reports.ifPresent(ExecReports::close);
        }
    }
}
