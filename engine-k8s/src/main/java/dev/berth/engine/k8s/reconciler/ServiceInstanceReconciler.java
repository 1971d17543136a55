package dev.berth.engine.k8s.reconciler;

import dev.berth.engine.k8s.EngineConfig;
import dev.berth.engine.k8s.crd.Conditions;
import dev.berth.engine.k8s.crd.InstancePhase;
import dev.berth.engine.k8s.crd.ServiceInstance;
import dev.berth.engine.k8s.crd.ServiceInstanceStatus;
import dev.berth.engine.k8s.render.Labels;
import dev.berth.engine.k8s.render.PodRenderer;
import dev.berth.engine.k8s.runner.RunnerLog;
import dev.berth.engine.k8s.session.ExecRunner;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ServiceInstance}: the workflow keeps its Kubernetes Service and pod; this class
 * reports the Ready condition and collects the instance once unused for the grace period.
 *
 * <p>Users are counted from the API server alone, so an operator restart loses nothing: client
 * pods (exec pods and service pods that bind it, label {@code uses.berth.dev/<hostname>}) that have
 * not terminated, and instances carrying that label (a service keeps what it binds alive).
 */
@ControllerConfiguration(name = ServiceInstanceReconciler.NAME)
@Workflow(dependents = {
        @Dependent(type = KubeServiceDependent.class, name = "service"),
        @Dependent(type = ServicePodDependent.class, name = "pod")
})
public class ServiceInstanceReconciler implements Reconciler<ServiceInstance> {

    public static final String NAME = "serviceinstance";
    static final String CLIENT_PODS = "client-pods";
    /** Lines of the service's log kept in the condition message once it exited. */
    static final int LOG_TAIL_LINES = 30;
    static final int MAX_MESSAGE_CHARS = 4000;
    /** A pod in reach answers a dial at once (accepted or refused); silence means out of reach. */
    static final int DIAL_TIMEOUT_MILLIS = 200;

    private static final Logger LOG = LoggerFactory.getLogger(ServiceInstanceReconciler.class);

    private final Duration gracePeriod;
    private final Duration imagePullDeadline;
    private final Clock clock;
    private final PortDialer dialer;
    private InformerEventSource<Pod, ServiceInstance> clientPods;

    /**
     * What the operator uses (QOSDK instantiates it this way): the grace period and the image
     * pull deadline from the environment.
     */
    public ServiceInstanceReconciler() {
        this(EngineConfig.gracePeriodFrom(System.getenv()), EngineConfig.imagePullDeadlineFrom(System.getenv()));
    }

    public ServiceInstanceReconciler(Duration gracePeriod, Duration imagePullDeadline) {
        this(gracePeriod, imagePullDeadline, Clock.systemUTC(), PortDialer.tcp(DIAL_TIMEOUT_MILLIS));
    }

    ServiceInstanceReconciler(Duration gracePeriod, Duration imagePullDeadline, Clock clock, PortDialer dialer) {
        this.gracePeriod = Objects.requireNonNull(gracePeriod);
        this.imagePullDeadline = Objects.requireNonNull(imagePullDeadline);
        this.clock = clock;
        this.dialer = dialer;
    }

    @Override
    public List<EventSource<?, ServiceInstance>> prepareEventSources(EventSourceContext<ServiceInstance> context) {
        clientPods = new InformerEventSource<>(InformerEventSourceConfiguration.from(Pod.class, ServiceInstance.class)
                .withName(CLIENT_PODS)
                .withLabelSelector(Labels.CLIENT_SELECTOR)
                .withSecondaryToPrimaryMapper(new ClientPodMapper())
                .build(), context);
        return List.of(clientPods);
    }

    @Override
    public UpdateControl<ServiceInstance> reconcile(ServiceInstance instance, Context<ServiceInstance> context) {
        String namespace = instance.getMetadata().getNamespace();
        String hostname = instance.getMetadata().getName();
        ServiceInstanceStatus previous = Optional.ofNullable(instance.getStatus()).orElseGet(ServiceInstanceStatus::new);

        Pod pod = servicePod(context, hostname);
        PodObservation observed = PodObservation.of(pod, imagePullDeadline, clock.instant());
        Optional<Duration> dialAgainIn = Optional.empty();
        if (observed.phase() == InstancePhase.STARTING && pod != null && instance.getSpec().getRelay() == null) {
            List<Integer> ports = PodRenderer.healthChecked(instance.getSpec()).stream().map(p -> p.getPort()).toList();
            DialedReadiness.Verdict dialed = DialedReadiness.check(pod, ports, dialer, clock.instant());
            observed = dialed.ready() ? PodObservation.ready() : observed;
            dialAgainIn = dialed.recheckIn();
        }
        int users = countUsers(context, namespace, hostname);
        // An exposure keeps the service running like a pin: the user's machine is using it.
        boolean keptRunning = instance.getSpec().isPinned() || !instance.getSpec().getExposures().isEmpty();
        IdlePolicy.Decision idle = IdlePolicy.decide(keptRunning, users, observed.phase(),
                Optional.ofNullable(previous.getIdleSince()), clock.instant(), gracePeriod);
        if (idle.delete()) {
            LOG.info("Deleting service instance {}/{}: unused for {}", namespace, hostname, gracePeriod);
            context.getClient().resource(instance).delete();
            return UpdateControl.noUpdate();
        }

        ServiceInstanceStatus status = new ServiceInstanceStatus();
        status.setPhase(observed.phase().reason());
        status.setUsers(users);
        status.setPodIP(pod == null || pod.getStatus() == null ? null : pod.getStatus().getPodIP());
        status.setClusterIP(context.getSecondaryResource(Service.class)
                .map(s -> s.getSpec().getClusterIP()).filter(ip -> !"None".equals(ip)).orElse(null));
        status.setExitCode(observed.exitCode().orElse(null));
        status.setIdleSince(idle.idleSince().map(Object::toString).orElse(null));
        status.setObservedGeneration(instance.getMetadata().getGeneration());
        status.setForwards(Forwards.describe(instance.getSpec()).orElse(null));
        status.setConditions(Conditions.set(previous.getConditions(), Conditions.READY,
                observed.phase() == InstancePhase.READY ? Conditions.TRUE : Conditions.FALSE, observed.phase().reason(),
                message(observed, previous, context, namespace, hostname),
                instance.getMetadata().getGeneration(), clock.instant()));

        UpdateControl<ServiceInstance> control = sameStatus(previous, status)
                ? UpdateControl.noUpdate()
                : UpdateControl.patchStatus(statusOnly(instance, status));
        Stream.of(idle.recheckIn(), observed.recheckIn(), dialAgainIn).flatMap(Optional::stream).min(Duration::compareTo)
                .ifPresent(control::rescheduleAfter);
        return control;
    }

    private static Pod servicePod(Context<ServiceInstance> context, String hostname) {
        return context.getSecondaryResourcesAsStream(Pod.class)
                .filter(p -> hostname.equals(p.getMetadata().getName()))
                .filter(p -> Labels.ROLE_SERVICE.equals(p.getMetadata().getLabels().get(Labels.ROLE)))
                .findFirst().orElse(null);
    }

    private int countUsers(Context<ServiceInstance> context, String namespace, String hostname) {
        long pods = clientPods.list(namespace, p -> Labels.uses(p.getMetadata().getLabels(), hostname)
                && !hasTerminated(p)).count();
        long instances = context.getPrimaryCache().list(namespace, i -> Labels.uses(i.getMetadata().getLabels(), hostname)
                && i.getMetadata().getDeletionTimestamp() == null).count();
        return (int) (pods + instances);
    }

    /**
     * A client pod is done with its services once it ended, or as soon as its runner reported the
     * end of its chain ({@code berth.dev/exit-code}, written by the engine when the report comes):
     * a kubelet round before the pod's phase says so, so the grace period starts that much sooner.
     */
    static boolean hasTerminated(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase)
                || (pod.getMetadata().getAnnotations() != null
                        && pod.getMetadata().getAnnotations().containsKey(ExecRunner.EXIT_CODE_ANNOTATION));
    }

    /** Once the service ended, the message carries the tail of its log (read once, then kept). */
    private static String message(PodObservation observed, ServiceInstanceStatus previous,
            Context<ServiceInstance> context, String namespace, String hostname) {
        if (!observed.phase().isFinal()) {
            return observed.message();
        }
        var old = Conditions.find(previous.getConditions(), Conditions.READY);
        if (old != null && old.getMessage() != null && observed.phase().reason().equals(old.getReason())
                && old.getMessage().startsWith(observed.message())) {
            return old.getMessage();
        }
        String tail;
        try {
            String log = context.getClient().pods().inNamespace(namespace).withName(hostname)
                    .inContainer(PodRenderer.MAIN_CONTAINER).tailingLines(LOG_TAIL_LINES).getLog();
            tail = RunnerLog.parse(log).readable();
        } catch (KubernetesClientException e) {
            // 400: the container never started (its image could not be pulled, say): no output.
            tail = e.getCode() == HttpURLConnection.HTTP_BAD_REQUEST ? "" : "<log unavailable: " + e.getMessage() + ">";
        }
        String message = observed.message() + (tail.isBlank() ? "" : "; output:\n" + tail);
        return message.length() <= MAX_MESSAGE_CHARS ? message
                : observed.message() + "; output (end):\n" + tail.substring(tail.length() - MAX_MESSAGE_CHARS);
    }

    private static boolean sameStatus(ServiceInstanceStatus a, ServiceInstanceStatus b) {
        return Objects.equals(a.getPhase(), b.getPhase()) && Objects.equals(a.getUsers(), b.getUsers())
                && Objects.equals(a.getPodIP(), b.getPodIP()) && Objects.equals(a.getClusterIP(), b.getClusterIP())
                && Objects.equals(a.getExitCode(), b.getExitCode()) && Objects.equals(a.getIdleSince(), b.getIdleSince())
                && Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
                && Objects.equals(a.getForwards(), b.getForwards())
                && Conditions.find(a.getConditions(), Conditions.READY) != null
                && Conditions.same(a.getConditions(), b.getConditions());
    }

    /** Server-side apply of the status only: a fresh object, so no stale spec or resourceVersion goes along. */
    private static ServiceInstance statusOnly(ServiceInstance instance, ServiceInstanceStatus status) {
        ServiceInstance fresh = new ServiceInstance();
        fresh.setMetadata(new ObjectMetaBuilder().withName(instance.getMetadata().getName())
                .withNamespace(instance.getMetadata().getNamespace()).build());
        fresh.setStatus(status);
        return fresh;
    }
}
