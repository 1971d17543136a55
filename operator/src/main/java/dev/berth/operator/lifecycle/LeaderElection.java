package dev.berth.operator.lifecycle;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Only one operator replica reconciles at a time: the others wait on a Lease in the operator's
 * own namespace (the chart grants leases there and nowhere else). Quarkus-operator-sdk turns this
 * on in the prod profile only, so tests and dev mode run without a lease.
 */
@Singleton
public class LeaderElection {

    static final String LEASE_NAME = "berth-operator";

    @Produces
    @Singleton
    LeaderElectionConfiguration leaderElectionConfiguration(
            @ConfigProperty(name = "berth.operator.namespace", defaultValue = "default") String namespace) {
        return new LeaderElectionConfiguration(LEASE_NAME, namespace);
    }
}
