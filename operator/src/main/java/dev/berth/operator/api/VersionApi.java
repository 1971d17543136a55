package dev.berth.operator.api;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Query;

/** Smallest useful query: lets clients and probes check which Berth answers. */
@GraphQLApi
public class VersionApi {

    // Quarkus fills this from the Maven project version at build time.
    @ConfigProperty(name = "quarkus.application.version")
    String version;

    @Query("version")
    @Description("The Berth version serving this API.")
    public String version() {
        return version;
    }
}
