package dev.berth.operator.pipeline;

import dev.berth.engine.k8s.runner.RunnerPlans;
import dev.berth.engine.model.CacheSharingMode;
import dev.berth.engine.model.CacheVolume;
import dev.berth.engine.model.Container;
import dev.berth.engine.model.NetworkProtocol;
import dev.berth.engine.model.NewFile;
import dev.berth.engine.model.ReturnType;
import dev.berth.engine.model.Service;
import dev.berth.engine.model.ValidationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A Pipeline spec translated into the engine model: each service becomes a model {@link Service}
 * and each step one model {@link Container} (files, bindings, then its exec), built through the
 * same {@code with*} calls as the GraphQL API, so the model's validation and digests apply as
 * they are. A {@link ValidationException} from the model is reported against the spec field it
 * came from, e.g. {@code withServiceBinding.alias} as {@code spec.steps[1].services[0].alias}.
 */
public final class PipelineModel {

    /** One step: its name and the container whose exec it runs. */
    public record ModelStep(String name, Container container) {
    }

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final int MAX_LABEL = 63;

    /** Model field (API call + argument) → the spec property it comes from, relative to the element. */
    private static final Map<String, String> SPEC_FIELDS = Map.ofEntries(
            Map.entry("from.address", "image"),
            Map.entry("withWorkdir.path", "workdir"),
            Map.entry("withEnvVariable.name", "name"),
            Map.entry("withEnvVariable.value", "value"),
            Map.entry("withEntrypoint.args", "entrypoint"),
            Map.entry("withNewFile.path", "path"),
            Map.entry("withNewFile.contents", "contents"),
            Map.entry("withNewFile.permissions", "permissions"),
            Map.entry("cacheVolume.key", "volume"),
            Map.entry("withMountedCache.path", "path"),
            Map.entry("withMountedCache.cache", "volume"),
            Map.entry("withMountedCache.sharing", "sharing"),
            Map.entry("withExposedPort.port", "port"),
            Map.entry("withExposedPort.protocol", "protocol"),
            Map.entry("withServiceBinding.alias", "alias"),
            Map.entry("withServiceBinding.service", "service"),
            Map.entry("withExec.args", "exec"),
            Map.entry("withExec.expect", "expect"),
            Map.entry("withExec.useEntrypoint", "useEntrypoint"),
            Map.entry("asService.args", "args"),
            Map.entry("withHostname.name", "hostname"));

    private final Map<String, Service> services;
    private final List<ModelStep> steps;

    private PipelineModel(Map<String, Service> services, List<ModelStep> steps) {
        this.services = Collections.unmodifiableMap(services);
        this.steps = List.copyOf(steps);
    }

    /**
     * Translates and validates the whole spec.
     *
     * @throws PipelineValidationException naming the first offending spec field
     */
    public static PipelineModel from(PipelineSpec spec) {
        if (spec == null) {
            throw new PipelineValidationException("spec", "is required");
        }
        Map<String, Service> services = new LinkedHashMap<>();
        List<ServiceSpec> serviceSpecs = orEmpty(spec.getServices());
        for (int i = 0; i < serviceSpecs.size(); i++) {
            String path = "spec.services[" + i + "]";
            ServiceSpec s = notNull(serviceSpecs.get(i), path);
            String name = name(s.getName(), path + ".name");
            if (services.containsKey(name)) {
                throw new PipelineValidationException(path + ".name",
                        "service name \"" + name + "\" is declared more than once");
            }
            services.put(name, service(s, path));
        }

        List<StepSpec> stepSpecs = orEmpty(spec.getSteps());
        if (stepSpecs.isEmpty()) {
            throw new PipelineValidationException("spec.steps", "must declare at least one step");
        }
        List<ModelStep> steps = new ArrayList<>();
        for (int i = 0; i < stepSpecs.size(); i++) {
            String path = "spec.steps[" + i + "]";
            StepSpec s = notNull(stepSpecs.get(i), path);
            String name = name(s.getName(), path + ".name");
            if (steps.stream().anyMatch(step -> step.name().equals(name))) {
                throw new PipelineValidationException(path + ".name", "step name \"" + name + "\" is used more than once");
            }
            steps.add(new ModelStep(name, step(s, path, services)));
        }
        return new PipelineModel(services, steps);
    }

    /** The services by their spec name, in declaration order. */
    public Map<String, Service> services() {
        return services;
    }

    public List<ModelStep> steps() {
        return steps;
    }

    public ModelStep step(int index) {
        return steps.get(index);
    }

    // ---- services and steps ----------------------------------------------------------------

    private static Service service(ServiceSpec spec, String path) {
        Container c = container(spec, path);
        List<PortSpec> ports = orEmpty(spec.getPorts());
        for (int i = 0; i < ports.size(); i++) {
            String portPath = path + ".ports[" + i + "]";
            PortSpec port = notNull(ports.get(i), portPath);
            if (port.getPort() == null) {
                throw new PipelineValidationException(portPath + ".port", "is required");
            }
            NetworkProtocol protocol = port.getProtocol() == null ? NetworkProtocol.TCP : port.getProtocol();
            c = apply(portPath, c, x -> x.withExposedPort(port.getPort(), protocol, port.getDescription(),
                    Boolean.TRUE.equals(port.getSkipHealthcheck())));
        }
        Container container = c;
        List<String> args = spec.getArgs() == null ? List.of() : spec.getArgs();
        Service service = at(path, () -> container.asService(args, Boolean.TRUE.equals(spec.getUseEntrypoint())));
        if (spec.getHostname() != null) {
            Service unnamed = service;
            service = at(path, () -> unnamed.withHostname(spec.getHostname()));
        }
        Service checked = service;
        if (RunnerPlans.runsThroughRunner(checked)) {
            at(path, () -> RunnerPlans.forService(checked)); // what the runtime would refuse, refused now
        }
        return service;
    }

    private static Container step(StepSpec spec, String path, Map<String, Service> services) {
        Container c = container(spec, path);
        List<BindingSpec> bindings = orEmpty(spec.getServices());
        for (int i = 0; i < bindings.size(); i++) {
            String bindingPath = path + ".services[" + i + "]";
            BindingSpec binding = notNull(bindings.get(i), bindingPath);
            if (binding.getService() == null || binding.getService().isBlank()) {
                throw new PipelineValidationException(bindingPath + ".service", "is required");
            }
            Service service = services.get(binding.getService());
            if (service == null) {
                throw new PipelineValidationException(bindingPath + ".service", "unknown service \""
                        + binding.getService() + "\": not declared in spec.services"
                        + (services.isEmpty() ? "" : " (declared: " + String.join(", ", services.keySet()) + ")"));
            }
            c = apply(bindingPath, c, x -> x.withServiceBinding(binding.getAlias(), service));
        }
        ReturnType expect = spec.getExpect() == null ? ReturnType.SUCCESS : spec.getExpect();
        c = apply(path, c, x -> x.withExec(spec.getExec(), Boolean.TRUE.equals(spec.getUseEntrypoint()), expect));
        Container checked = c;
        at(path, () -> RunnerPlans.forSteps(checked)); // what the runtime would refuse, refused now
        return c;
    }

    /** What services and steps share, in the order Dagger code would write it. */
    private static Container container(ContainerSpec spec, String path) {
        Container c = at(path, () -> Container.from(spec.getImage()));
        if (spec.getWorkdir() != null) {
            c = apply(path, c, x -> x.withWorkdir(spec.getWorkdir()));
        }
        List<EnvVarSpec> env = orEmpty(spec.getEnv());
        for (int i = 0; i < env.size(); i++) {
            String envPath = path + ".env[" + i + "]";
            EnvVarSpec var = notNull(env.get(i), envPath);
            c = apply(envPath, c, x -> x.withEnvVariable(var.getName(), var.getValue() == null ? "" : var.getValue()));
        }
        if (spec.getEntrypoint() != null) {
            c = apply(path, c, x -> x.withEntrypoint(spec.getEntrypoint()));
        }
        List<CacheSpec> caches = orEmpty(spec.getCaches());
        for (int i = 0; i < caches.size(); i++) {
            String cachePath = path + ".caches[" + i + "]";
            CacheSpec cache = notNull(caches.get(i), cachePath);
            CacheSharingMode sharing = cache.getSharing() == null ? CacheSharingMode.SHARED : cache.getSharing();
            c = apply(cachePath, c, x -> x.withMountedCache(cache.getPath(), CacheVolume.of(cache.getVolume()), sharing));
        }
        List<FileSpec> files = orEmpty(spec.getFiles());
        for (int i = 0; i < files.size(); i++) {
            String filePath = path + ".files[" + i + "]";
            FileSpec file = notNull(files.get(i), filePath);
            int permissions = file.getPermissions() == null ? NewFile.DEFAULT_PERMISSIONS : file.getPermissions();
            c = apply(filePath, c, x -> x.withNewFile(file.getPath(), file.getContents() == null ? "" : file.getContents(),
                    permissions));
        }
        return c;
    }

    // ---- error translation -------------------------------------------------------------------

    private static Container apply(String elementPath, Container c, UnaryOperator<Container> change) {
        return at(elementPath, () -> change.apply(c));
    }

    /** Runs a model call made for the spec element at {@code elementPath}, translating its errors. */
    private static <T> T at(String elementPath, Supplier<T> call) {
        try {
            return call.get();
        } catch (ValidationException e) {
            throw translate(elementPath, e);
        }
    }

    static PipelineValidationException translate(String elementPath, ValidationException e) {
        String property = SPEC_FIELDS.get(e.field());
        if (property == null) {
            return new PipelineValidationException(elementPath, e.reason() + " (" + e.field() + ")");
        }
        return new PipelineValidationException(elementPath + "." + property, e.reason());
    }

    private static String name(String name, String path) {
        if (name == null || name.isBlank()) {
            throw new PipelineValidationException(path, "is required");
        }
        if (name.length() > MAX_LABEL || !DNS_LABEL.matcher(name).matches()) {
            throw new PipelineValidationException(path, Rules.DNS_LABEL_MESSAGE + ", got \"" + name + "\"");
        }
        return name;
    }

    private static <T> T notNull(T value, String path) {
        if (value == null) {
            throw new PipelineValidationException(path, "must not be null");
        }
        return value;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
