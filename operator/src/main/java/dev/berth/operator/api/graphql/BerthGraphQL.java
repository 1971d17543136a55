package dev.berth.operator.api.graphql;

import dev.berth.engine.k8s.ExecResult;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.ExposedPort;
import dev.berth.engine.model.NetworkProtocol;
import dev.berth.engine.model.PortForward;
import dev.berth.engine.model.Secret;
import dev.berth.engine.k8s.host.Exposure;
import dev.berth.engine.k8s.host.HostAgentException;
import dev.berth.engine.k8s.host.PortForwards;
import java.util.concurrent.CompletableFuture;
import dev.berth.operator.api.ApiException;
import dev.berth.operator.api.engine.EngineSession;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.execution.AsyncExecutionStrategy;
import graphql.language.StringValue;
import graphql.parser.ParserOptions;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.TypeResolver;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeRuntimeWiring;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The executable schema: Berth's SDL ({@code schema.graphqls}, the part of Dagger's schema Berth
 * serves) wired to Berth's data fetchers, and the rest of Dagger's declared around it answering
 * NOT_SUPPORTED ({@link DaggerSchema}). Object fields are pure ({@link Calls}); leaf fields that need a result (stdout,
 * sync, start ...) call the session's engine.
 */
public final class BerthGraphQL {

    public static final String SCHEMA_RESOURCE = "/dev/berth/schema.graphqls";

    private final GraphQL graphQL;
    private final GraphQLSchema schema;
    private final String version;

    public BerthGraphQL(String version) {
        this.version = version;
        DaggerSchema types = DaggerSchema.around(new SchemaParser().parse(readSchema()));
        this.schema = new SchemaGenerator().makeExecutableSchema(types.types(), wiring(types));
        this.graphQL = GraphQL.newGraphQL(schema)
                .queryExecutionStrategy(new AsyncExecutionStrategy(new ApiErrors()))
                .instrumentation(new QueryLimits())
                .preparsedDocumentProvider(new EnumLiterals(schema))
                .build();
    }

    public GraphQLSchema schema() {
        return schema;
    }

    public ExecutionResult execute(RequestContext context, String query, String operationName,
            Map<String, Object> variables) {
        ExecutionInput input = ExecutionInput.newExecutionInput()
                .query(query)
                .operationName(operationName)
                .variables(variables == null ? Map.of() : variables)
                .graphQLContext(Map.of(RequestContext.KEY, context, ParserOptions.class, QueryLimits.PARSER_OPTIONS))
                .build();
        return graphQL.execute(input);
    }

    static String readSchema() {
        try (InputStream in = BerthGraphQL.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA_RESOURCE + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- wiring --------------------------------------------------------------------------

    private RuntimeWiring wiring(DaggerSchema types) {
        TypeResolver byClass = env -> env.getSchema().getObjectType(((ApiObject) env.getObject()).typeName());
        RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring().wiringFactory(types.notSupported());
        types.addedScalars().forEach(wiring::scalar);
        return wiring
                .scalar(stringScalar("Platform"))
                .scalar(stringScalar("ContainerID"))
                .scalar(stringScalar("ServiceID"))
                .scalar(stringScalar("CacheVolumeID"))
                .scalar(stringScalar("PortID"))
                .scalar(stringScalar("HostID"))
                .scalar(stringScalar("SecretID"))
                .scalar(stringScalar("DirectoryID"))
                .scalar(stringScalar("FileID"))
                .scalar(voidScalar())
                .type(TypeRuntimeWiring.newTypeWiring("Node").typeResolver(byClass))
                .type(TypeRuntimeWiring.newTypeWiring("Syncer").typeResolver(byClass))
                .type(TypeRuntimeWiring.newTypeWiring("Exportable").typeResolver(byClass))
                .type(query())
                .type(container())
                .type(service())
                .type(TypeRuntimeWiring.newTypeWiring("CacheVolume").dataFetcher("id", this::id))
                .type(FileFields.directory())
                .type(FileFields.file())
                .type(TypeRuntimeWiring.newTypeWiring("Host")
                        .dataFetcher("id", this::id)
                        .dataFetcher("directory", FileFields.hostDirectory())
                        .dataFetcher("file", FileFields.hostFile())
                        .dataFetcher("service", call("service"))
                        .dataFetcher("tunnel", call("tunnel")))
                .type(port())
                .type(TypeRuntimeWiring.newTypeWiring("Secret")
                        .dataFetcher("id", this::id)
                        .dataFetcher("name", env -> ((SecretObject) env.getSource()).model().name())
                        // As Dagger: the value, to this session's client only (its own secret).
                        .dataFetcher("plaintext", env -> session(env).secretPlaintext(((SecretObject) env.getSource()).model()))
                        // A setSecret secret has no URI in Dagger either.
                        .dataFetcher("uri", env -> ""))
                .build();
    }

    private TypeRuntimeWiring.Builder query() {
        return TypeRuntimeWiring.newTypeWiring("Query")
                .dataFetcher("container", call("container"))
                .dataFetcher("cacheVolume", call("cacheVolume"))
                .dataFetcher("host", call("host"))
                .dataFetcher("secret", call("secret"))
                .dataFetcher("setSecret", BerthGraphQL::setSecret)
                .dataFetcher("version", env -> version)
                .dataFetcher("node", env -> RequestContext.of(env).load(env.getArgument("id")))
                .dataFetcher("loadContainerFromID", load(ContainerObject.class, "loadContainerFromID.id"))
                .dataFetcher("loadServiceFromID", load(ServiceObject.class, "loadServiceFromID.id"))
                .dataFetcher("loadCacheVolumeFromID", load(CacheVolumeObject.class, "loadCacheVolumeFromID.id"))
                .dataFetcher("loadPortFromID", load(PortObject.class, "loadPortFromID.id"))
                .dataFetcher("loadHostFromID", load(HostObject.class, "loadHostFromID.id"))
                .dataFetcher("loadSecretFromID", load(SecretObject.class, "loadSecretFromID.id"))
                .dataFetcher("loadDirectoryFromID", load(DirectoryObject.class, "loadDirectoryFromID.id"))
                .dataFetcher("loadFileFromID", load(FileObject.class, "loadFileFromID.id"))
                .dataFetcher("directory", FileFields.emptyDirectory())
                .dataFetcher("file", FileFields.newFile());
    }

    private TypeRuntimeWiring.Builder container() {
        TypeRuntimeWiring.Builder type = TypeRuntimeWiring.newTypeWiring("Container");
        for (String field : List.of("from", "withWorkdir", "withNewFile", "withEnvVariable", "withEntrypoint",
                "withDefaultArgs", "withExec", "withExposedPort", "withoutExposedPort", "withServiceBinding",
                "withMountedCache", "withSecretVariable", "withoutSecretVariable", "withMountedSecret", "asService",
                "withDirectory", "withMountedDirectory", "withFile", "withMountedFile", "withUser")) {
            type.dataFetcher(field, call(field));
        }
        return type
                .dataFetcher("id", this::id)
                .dataFetcher("exposedPorts", env -> ports(((ContainerObject) env.getSource()).require("exposedPorts")
                        .exposedPorts()))
                .dataFetcher("directory", FileFields.fromContainer(true))
                .dataFetcher("file", FileFields.fromContainer(false))
                .dataFetcher("stdout", env -> result(env, "stdout").stdout())
                .dataFetcher("stderr", env -> result(env, "stderr").stderr())
                .dataFetcher("exitCode", env -> result(env, "exitCode").exitCode())
                .dataFetcher("combinedOutput", env -> result(env, "combinedOutput").combinedOutput())
                .dataFetcher("user", env -> ((ContainerObject) env.getSource()).require("user").user()
                        .orElseThrow(() -> ApiException.notSupported("Container.user", "the image's own USER is not"
                                + " known before the image runs (images are not inspected); it is known once set"
                                + " with withUser")))
                .dataFetcher("sync", env -> {
                    ContainerObject c = env.getSource();
                    Container model = c.require("sync");
                    if (!model.steps().isEmpty()) {
                        session(env).exec(model);
                    }
                    return RequestContext.of(env).idOf(c);
                })
                .dataFetcher("up", env -> {
                    ContainerObject c = env.getSource();
                    Map<String, Object> asService = new LinkedHashMap<>();
                    for (String name : List.of("args", "useEntrypoint", "experimentalPrivilegedNesting",
                            "insecureRootCapabilities", "expand", "noInit")) {
                        if (env.containsArgument(name)) {
                            asService.put(name, env.getArgument(name));
                        }
                    }
                    ServiceObject service = (ServiceObject) Calls.apply(c, "asService", asService,
                            RequestContext.of(env).session().daggerVersion());
                    return up(env, service);
                });
    }

    /** Service fields; the source is a service, or a tunnel to one (on the user's machine). */
    private TypeRuntimeWiring.Builder service() {
        return TypeRuntimeWiring.newTypeWiring("Service")
                .dataFetcher("withHostname", call("withHostname"))
                .dataFetcher("id", this::id)
                .dataFetcher("hostname", env -> env.getSource() instanceof TunnelObject t
                        ? startTunnel(env, t).address()
                        : ((ServiceObject) env.getSource()).model().hostname())
                .dataFetcher("ports", env -> env.getSource() instanceof TunnelObject t
                        ? startTunnel(env, t).ports().stream()
                                .map(p -> PortObject.of(new ExposedPort(p.frontend(), NetworkProtocol.TCP, "", false)))
                                .toList()
                        : ports(((ServiceObject) env.getSource()).model().exposedPorts()))
                .dataFetcher("endpoint", env -> {
                    Integer port = env.getArgument("port");
                    String scheme = env.getArgument("scheme");
                    if (env.getSource() instanceof TunnelObject t) {
                        return tunnelEndpoint(startTunnel(env, t), port == null ? 0 : port, scheme);
                    }
                    ServiceObject s = env.getSource();
                    return session(env).endpoint(s.model(), port == null ? 0 : port, scheme == null ? "" : scheme);
                })
                .dataFetcher("start", env -> {
                    if (env.getSource() instanceof TunnelObject t) {
                        startTunnel(env, t);
                    } else {
                        session(env).start(((ServiceObject) env.getSource()).model());
                    }
                    return RequestContext.of(env).idOf(env.getSource());
                })
                .dataFetcher("stop", env -> {
                    if (env.getSource() instanceof TunnelObject t) {
                        RequestContext.of(env).session().host().stopTunnel(t.key());
                    } else {
                        Boolean kill = env.getArgument("kill");
                        session(env).stop(((ServiceObject) env.getSource()).model(), Boolean.TRUE.equals(kill));
                    }
                    return RequestContext.of(env).idOf(env.getSource());
                })
                .dataFetcher("sync", this::id)
                .dataFetcher("up", env -> {
                    if (env.getSource() instanceof TunnelObject) {
                        throw ApiException.notSupported("Service.up", "a tunnel is on your machine already: call up on "
                                + "the service it forwards to");
                    }
                    return up(env, env.getSource());
                });
    }

    // ---- the user's machine ----------------------------------------------------------------

    /**
     * {@code up}: exposes the service on the user's machine and blocks, keeping it exposed (and
     * running) until the client goes away (its connection closes) or the session channel ends.
     */
    private static Object up(DataFetchingEnvironment env, ServiceObject service) {
        Args args = new Args("up", env.getArguments());
        Boolean random = env.getArgument("random");
        List<PortForward> forwards = PortForwards.forUp(service.model().hostname(), service.model().exposedPorts(),
                args.forwards("ports"), Boolean.TRUE.equals(random));
        RequestContext context = RequestContext.of(env);
        Exposure exposure = session(env).expose(service.model(), forwards);
        try {
            CompletableFuture<String> lost = exposure.lost().toCompletableFuture();
            CompletableFuture.anyOf(context.cancelled().toCompletableFuture(), lost).join();
            if (lost.isDone() && !context.cancelled().toCompletableFuture().isDone()) {
                throw new HostAgentException("service " + service.model().hostname() + " is no longer exposed: "
                        + lost.join());
            }
            return null;
        } finally {
            exposure.close();
        }
    }

    /** Starts the tunnel unless it runs already in this session. */
    private static Exposure startTunnel(DataFetchingEnvironment env, TunnelObject tunnel) {
        return RequestContext.of(env).session().host().tunnel(tunnel.key(),
                () -> session(env).expose(tunnel.target().model(), tunnel.forwards()));
    }

    /** {@code address:port} on the user's machine; port 0 means the first forwarded port. */
    private static String tunnelEndpoint(Exposure exposure, int port, String scheme) {
        int chosen = port == 0 ? exposure.ports().get(0).frontend() : port;
        if (exposure.ports().stream().noneMatch(p -> p.frontend() == chosen)) {
            throw new dev.berth.engine.model.ValidationException("endpoint.port", "the tunnel forwards host ports "
                    + exposure.ports().stream().map(p -> Integer.toString(p.frontend())).toList() + ", not " + port);
        }
        String address = exposure.address().contains(":") ? "[" + exposure.address() + "]" : exposure.address();
        String hostPort = address + ":" + chosen;
        return scheme == null || scheme.isEmpty() ? hostPort : scheme + "://" + hostPort;
    }

    private static TypeRuntimeWiring.Builder port() {
        return TypeRuntimeWiring.newTypeWiring("Port")
                .dataFetcher("id", env -> RequestContext.of(env).idOf(env.getSource()))
                .dataFetcher("port", env -> ((PortObject) env.getSource()).port().port())
                .dataFetcher("protocol", env -> ((PortObject) env.getSource()).port().protocol().name())
                .dataFetcher("description", env -> {
                    String d = ((PortObject) env.getSource()).port().description();
                    return d == null || d.isEmpty() ? null : d;
                })
                .dataFetcher("experimentalSkipHealthcheck",
                        env -> ((PortObject) env.getSource()).port().experimentalSkipHealthcheck());
    }

    // ---- fetchers ------------------------------------------------------------------------

    /** A pure call: object arguments given as IDs are loaded first, then {@link Calls} applies it. */
    private static DataFetcher<ApiObject> call(String field) {
        return env -> {
            RequestContext context = RequestContext.of(env);
            ApiObject receiver = env.getSource() instanceof ApiObject o ? o : ApiObject.Root.INSTANCE;
            Map<String, Object> args = new LinkedHashMap<>(env.getArguments());
            for (Map.Entry<String, Object> arg : args.entrySet()) {
                if (isObjectArgument(receiver.typeName(), field, arg.getKey()) && arg.getValue() != null) {
                    arg.setValue(context.load(arg.getValue()));
                }
            }
            return Calls.apply(receiver, field, args, context.session().daggerVersion());
        };
    }

    /** Arguments of type {@code ID} that Berth implements, by {@code Type.field.argument}. */
    private static boolean isObjectArgument(String type, String field, String argument) {
        return switch (type + "." + field + "." + argument) {
            case "Container.withServiceBinding.service", "Container.withMountedCache.cache", "Host.tunnel.service",
                    "Container.withSecretVariable.secret", "Container.withMountedSecret.source",
                    "Container.withDirectory.source", "Container.withMountedDirectory.source",
                    "Container.withFile.source", "Container.withMountedFile.source" -> true;
            default -> false;
        };
    }

    /**
     * {@code setSecret}: the value goes to the session's Kubernetes Secret at once, and the object
     * (and so its ID) carries only the name and the value's keyed digest. Not a replayable call.
     */
    private static SecretObject setSecret(DataFetchingEnvironment env) {
        RequestContext context = RequestContext.of(env);
        Args args = new Args("setSecret", env.getArguments());
        String name = args.string("name");
        String plaintext = args.string("plaintext");
        if (plaintext.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > Secret.MAX_PLAINTEXT_BYTES) {
            throw new dev.berth.engine.model.ValidationException("setSecret.plaintext", "is longer than "
                    + Secret.MAX_PLAINTEXT_BYTES + " bytes (Dagger's limit)");
        }
        Secret secret = new Secret(name, context.ids().secretDigest(context.session().id(), name, plaintext));
        session(env).putSecret(secret, plaintext);
        return SecretObject.of(secret);
    }

    private static <T extends ApiObject> DataFetcher<T> load(Class<T> type, String where) {
        return env -> RequestContext.of(env).load(env.getArgument("id"), type, where);
    }

    private Object id(DataFetchingEnvironment env) {
        return RequestContext.of(env).idOf(env.getSource());
    }

    private static List<PortObject> ports(List<ExposedPort> ports) {
        return ports.stream().map(PortObject::of).toList();
    }

    private static EngineSession session(DataFetchingEnvironment env) {
        return RequestContext.of(env).session().engine();
    }

    /** Runs the container (memoized by the engine) for one of its results. */
    private static ExecResult result(DataFetchingEnvironment env, String field) {
        ContainerObject c = env.getSource();
        Container model = c.require(field);
        if (model.execs().isEmpty()) {
            throw new dev.berth.engine.model.ValidationException(field,
                    "no command has been executed: add withExec first");
        }
        return session(env).exec(model);
    }

    // ---- scalars -------------------------------------------------------------------------

    /** Opaque string scalars (typed IDs, Platform): the fetchers validate the content. */
    private static GraphQLScalarType stringScalar(String name) {
        return GraphQLScalarType.newScalar().name(name).coercing(new Coercing<Object, String>() {
            @Override
            public String serialize(Object value) {
                if (value instanceof String s) {
                    return s;
                }
                throw new CoercingSerializeException(name + " must be a string");
            }

            @Override
            public Object parseValue(Object input) {
                if (input instanceof String s) {
                    return s;
                }
                throw new CoercingParseValueException(name + " must be a string");
            }

            @Override
            public Object parseLiteral(Object input) {
                if (input instanceof StringValue s) {
                    return s.getValue();
                }
                throw new CoercingParseLiteralException(name + " must be a string literal");
            }
        }).build();
    }

    private static GraphQLScalarType voidScalar() {
        return GraphQLScalarType.newScalar().name("Void").coercing(new Coercing<Object, Object>() {
            @Override
            public Object serialize(Object value) {
                return null;
            }

            @Override
            public Object parseValue(Object input) {
                return null;
            }

            @Override
            public Object parseLiteral(Object input) {
                return null;
            }
        }).build();
    }
}
