package dev.berth.operator.api.graphql;

import dev.berth.engine.model.CacheSharingMode;
import dev.berth.engine.model.CacheVolume;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.HostTarget;
import dev.berth.engine.model.NetworkProtocol;
import dev.berth.engine.model.ReturnType;
import dev.berth.engine.model.Service;
import dev.berth.operator.api.ApiException;
import dev.berth.operator.api.sessions.DaggerVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pure, object-building API calls: each returns a new object and its recipe, and none talks
 * to Kubernetes (Dagger's laziness: only leaf fields such as {@code stdout} or {@code start} run
 * anything). Used by the GraphQL data fetchers and by the replay of IDs, so both validate alike.
 */
public final class Calls {

    private Calls() {
    }

    /**
     * Applies {@code field(args)} to {@code receiver}, with the meaning the call has for a client of
     * Dagger version {@code client}. Object arguments are {@link ApiObject}s; absent or null
     * arguments take Dagger's defaults.
     */
    public static ApiObject apply(ApiObject receiver, String field, Map<String, Object> args, DaggerVersion client) {
        Args a = new Args(field, args);
        ApiObject result;
        if (receiver instanceof ApiObject.Root) {
            result = query(field, a, args);
        } else if (receiver instanceof ContainerObject container) {
            result = container(container, field, a, args, client);
        } else if (receiver instanceof ServiceObject service) {
            result = service(service, field, a, args);
        } else if (receiver instanceof TunnelObject) {
            throw ApiException.notSupported("Service." + field, "a tunnel is on your machine: call " + field
                    + " on the service it forwards to");
        } else if (receiver instanceof HostObject host) {
            result = host(host, field, a, args);
        } else {
            throw unknown(receiver, field);
        }
        return result;
    }

    private static ApiObject query(String field, Args a, Map<String, Object> args) {
        ApiObject root = ApiObject.Root.INSTANCE;
        switch (field) {
            case "container" -> {
                a.unsupported("platform", null, "containers run on the platform of the cluster's nodes");
                return new ContainerObject(Optional.empty(), Recipes.extend(root, "Container", field, args));
            }
            case "cacheVolume" -> {
                a.unsupported("source", null, "cache volumes start empty");
                a.unsupported("sharing", "SHARED", "set the sharing mode on withMountedCache");
                a.unsupported("owner", "", "");
                CacheVolume cache = CacheVolume.of(a.string("key"));
                return new CacheVolumeObject(cache, Recipes.extend(root, "CacheVolume", field, args));
            }
            case "host" -> {
                return new HostObject(Recipes.extend(root, "Host", field, args));
            }
            case "secret" -> throw ApiException.notSupported("secret.uri", "secret providers (env://, file://, cmd://,"
                    + " op://, vault://, ...) are resolved by the Dagger CLI on your machine; read the value in your"
                    + " script and pass it to setSecret(name, plaintext)");
            default -> throw unknown(root, field);
        }
    }

    private static ApiObject container(ContainerObject receiver, String field, Args a, Map<String, Object> args,
            DaggerVersion client) {
        if (field.equals("from")) {
            a.unsupported("registryService", null, "images come from the cluster's registries");
            Container from = Container.from(a.string("address"));
            return next(receiver, field, args, from);
        }
        if (field.equals("asService")) {
            a.unsupported("experimentalPrivilegedNesting", false, "");
            a.unsupported("insecureRootCapabilities", false, "");
            a.unsupported("expand", false, "");
            // noInit: Berth injects no init process, so every service already runs as pid 1.
            Service service = receiver.require(field).asService(a.strings("args", List.of()),
                    a.bool("useEntrypoint", false), client.asServiceRule());
            return new ServiceObject(service, Recipes.extend(receiver, "Service", field, args));
        }
        Container c = receiver.require(field);
        Container changed = switch (field) {
            case "withWorkdir" -> {
                a.unsupported("expand", false, "");
                yield c.withWorkdir(a.string("path"));
            }
            case "withNewFile" -> {
                a.unsupported("owner", "", "");
                a.unsupported("expand", false, "");
                yield c.withNewFile(a.string("path"), a.string("contents"), a.integer("permissions", 0644));
            }
            // expand: from the variables set earlier in the chain; the image's own are refused (not known here)
            case "withEnvVariable" -> c.withEnvVariable(a.string("name"), a.string("value"), a.bool("expand", false));
            case "withUser" -> c.withUser(a.string("name"));
            case "withEntrypoint" -> withEntrypoint(c, a);
            case "withDefaultArgs" -> c.withDefaultArgs(a.strings("args", null));
            case "withExec" -> {
                a.unsupported("experimentalPrivilegedNesting", false, "");
                a.unsupported("insecureRootCapabilities", false, "");
                a.unsupported("expand", false, "");
                yield c.withExec(a.strings("args", null), a.bool("useEntrypoint", false),
                        a.enumValue("expect", ReturnType.class, ReturnType.SUCCESS), a.string("stdin", ""),
                        a.string("redirectStdin", ""), a.string("redirectStdout", ""),
                        a.string("redirectStderr", ""));
            }
            case "withExposedPort" -> c.withExposedPort(a.integer("port"),
                    a.enumValue("protocol", NetworkProtocol.class, NetworkProtocol.TCP),
                    a.string("description", null), a.bool("experimentalSkipHealthcheck", false));
            case "withoutExposedPort" -> c.withoutExposedPort(a.integer("port"),
                    a.enumValue("protocol", NetworkProtocol.class, NetworkProtocol.TCP));
            case "withServiceBinding" -> {
                if (args.get("service") instanceof TunnelObject) {
                    throw new dev.berth.engine.model.ValidationException("withServiceBinding.service", "a tunnel is "
                            + "reachable from your machine only: bind the service it forwards to");
                }
                yield c.withServiceBinding(a.string("alias"), a.object("service", ServiceObject.class).model());
            }
            case "withMountedCache" -> {
                a.unsupported("source", null, "cache volumes start empty");
                a.unsupported("owner", "", "");
                a.unsupported("expand", false, "");
                yield c.withMountedCache(a.string("path"), a.object("cache", CacheVolumeObject.class).model(),
                        a.enumValue("sharing", CacheSharingMode.class, CacheSharingMode.SHARED));
            }
            case "withSecretVariable" -> c.withSecretVariable(a.string("name"),
                    a.object("secret", SecretObject.class).model());
            case "withoutSecretVariable" -> c.withoutSecretVariable(a.string("name"));
            case "withDirectory", "withMountedDirectory" -> {
                a.unsupported("owner", "", "files are copied as the container's user");
                a.unsupported("expand", false, "");
                a.unsupported("gitignore", false, "");
                a.unsupported("exclude", List.of(), "filter when reading: Host.directory(path, exclude, include)");
                a.unsupported("include", List.of(), "filter when reading: Host.directory(path, exclude, include)");
                a.unsupported("readOnly", false, "the directory is copied into the container");
                yield c.withDirectory(a.string("path"), a.object("source", DirectoryObject.class).tree(),
                        a.optionalInteger("permissions"), field);
            }
            case "withFile", "withMountedFile" -> {
                a.unsupported("owner", "", "files are copied as the container's user");
                a.unsupported("expand", false, "");
                yield c.withFile(a.string("path"), a.object("source", FileObject.class).entry(),
                        a.optionalInteger("permissions"), field);
            }
            case "withMountedSecret" -> {
                a.unsupported("expand", false, "");
                if (!a.string("owner", "").isEmpty()) {
                    throw new dev.berth.engine.model.ValidationException("withMountedSecret.owner", "Berth mounts"
                            + " secrets from a Kubernetes Secret volume, whose files belong to root; an owner cannot"
                            + " be set (give the file a mode its reader can use, e.g. 0444)");
                }
                yield c.withMountedSecret(a.string("path"), a.object("source", SecretObject.class).model(),
                        a.integer("mode", dev.berth.engine.model.SecretMount.DEFAULT_MODE));
            }
            default -> throw unknown(receiver, field);
        };
        return next(receiver, field, args, changed);
    }

    /** Dagger resets the default args unless asked to keep them. */
    private static Container withEntrypoint(Container c, Args a) {
        Container changed = c.withEntrypoint(a.strings("args", null));
        if (!a.bool("keepDefaultArgs", false)) {
            return changed;
        }
        return c.defaultArgs().map(changed::withDefaultArgs).orElseThrow(() -> ApiException.notSupported(
                "withEntrypoint.keepDefaultArgs",
                "the image's own default args are not known before the image runs; set them with withDefaultArgs"));
    }

    private static ContainerObject next(ContainerObject receiver, String field, Map<String, Object> args,
            Container changed) {
        return new ContainerObject(Optional.of(changed), Recipes.extend(receiver, "Container", field, args));
    }

    private static ApiObject service(ServiceObject receiver, String field, Args a, Map<String, Object> args) {
        if (field.equals("withHostname")) {
            return new ServiceObject(receiver.model().withHostname(a.string("hostname")),
                    Recipes.extend(receiver, "Service", field, args));
        }
        throw unknown(receiver, field);
    }

    private static ApiObject host(HostObject receiver, String field, Args a, Map<String, Object> args) {
        if (field.equals("service")) {
            Service onHost = Service.onHost(new HostTarget(a.string("host", "localhost"), a.forwards("ports")));
            return new ServiceObject(onHost, Recipes.extend(receiver, "Service", field, args));
        }
        if (field.equals("tunnel")) {
            if (args.get("service") instanceof TunnelObject) {
                throw new dev.berth.engine.model.ValidationException("tunnel.service", "is a tunnel already");
            }
            ServiceObject target = a.object("service", ServiceObject.class);
            if (target.model().isOnHost()) {
                throw new dev.berth.engine.model.ValidationException("tunnel.service", "service "
                        + target.model().hostname() + " is a host service: it is on your machine already");
            }
            return TunnelObject.of(target, a.bool("native", false), a.forwards("ports"),
                    Recipes.extend(receiver, "Service", field, args));
        }
        throw unknown(receiver, field);
    }

    private static ApiException unknown(ApiObject receiver, String field) {
        return ApiException.invalidId("invalid ID: " + receiver.typeName() + "." + field + " is not a call Berth knows");
    }
}
