package dev.berth.cli.host;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One {@code hostService}: keeps {@link #STANDBYS} idle standby tunnels to the relay pod, opening a
 * new one whenever the relay takes one, retrying with {@link Backoff} while the pod is not
 * reachable yet (or being replaced: its ServiceInstance is still there), and stopping for good
 * when the pod is gone (404) with its instance after it was reached once.
 */
final class HostService implements AutoCloseable, RelayTunnel.Events {

    static final int STANDBYS = 4;
    /** Consecutive failures (about 15 s of backoff) before the user hears that the relay is unreachable. */
    private static final int FAILURES_BEFORE_WARNING = 10;

    /** Where the relay pod is and how it knows us. */
    record Relay(String namespace, String pod, int controlPort, String key) {
    }

    private final String service;
    private final Relay relay;
    private final String host;
    private final Map<Integer, Integer> backends;
    private final PodPortForwarder forwarder;
    private final Consumer<String> stderr;
    private final Backoff backoff = new Backoff();
    private final Set<RelayTunnel> tunnels = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private int idle;
    private long retryDelayMillis;
    private int failures;
    private boolean reached;
    private boolean stopped;

    private HostService(String service, Relay relay, String host, Map<Integer, Integer> backends,
            PodPortForwarder forwarder, Consumer<String> stderr) {
        this.service = service;
        this.relay = relay;
        this.host = host;
        this.backends = backends;
        this.forwarder = forwarder;
        this.stderr = stderr;
    }

    /** Checks that every target accepts a connection, then starts keeping standbys. */
    static HostService start(String service, Relay relay, String host, List<PortMapping> ports,
            PodPortForwarder forwarder, Consumer<String> stderr) throws UserFacingException {
        Map<Integer, Integer> backends = new LinkedHashMap<>();
        for (PortMapping port : ports) {
            try {
                TargetCheck.dial(service, host, port.backend()).close();
            } catch (UserFacingException e) {
                throw e;
            } catch (IOException e) {
                // closing the probe connection: nothing to report
            }
            backends.put(port.frontend(), port.backend());
        }
        HostService hostService = new HostService(service, relay, host, backends, forwarder, stderr);
        Threads.start("berth-host-service " + service, hostService::keepStandbys);
        return hostService;
    }

    int tunnelCount() {
        return tunnels.size();
    }

    private void keepStandbys() {
        while (true) {
            synchronized (lock) {
                try {
                    while (!stopped && idle >= STANDBYS) {
                        lock.wait();
                    }
                    long until = System.currentTimeMillis() + retryDelayMillis;
                    while (!stopped && System.currentTimeMillis() < until) {
                        lock.wait(Math.max(1, until - System.currentTimeMillis()));
                    }
                } catch (InterruptedException e) {
                    return;
                }
                if (stopped) {
                    return;
                }
                retryDelayMillis = 0;
                idle++;
            }
            openStandby();
        }
    }

    private void openStandby() {
        Duplex stream;
        try {
            stream = forwarder.open(relay.namespace(), relay.pod(), relay.controlPort());
        } catch (PodNotFoundException e) {
            if (isReached() && !forwarder.stillDeclared(relay.namespace(), relay.pod())) {
                stderr.accept("host service " + service + ": its relay pod " + relay.namespace() + "/" + relay.pod()
                        + " is gone: no more connections to " + host);
                close();
                return;
            }
            failed(e.getMessage());
            return;
        } catch (IOException e) {
            failed(e.getMessage());
            return;
        }
        RelayTunnel tunnel = new RelayTunnel(stream, service, host, backends, stderr, this);
        tunnels.add(tunnel);
        synchronized (lock) {
            reached = true;
        }
        try {
            tunnel.announce(relay.key());
        } catch (IOException e) {
            tunnel.close();
            failed(e.getMessage());
            return;
        }
        if (isStopped()) {
            tunnel.close();
        }
    }

    private void failed(String reason) {
        boolean warn;
        synchronized (lock) {
            idle--;
            retryDelayMillis = backoff.nextMillis();
            warn = ++failures == FAILURES_BEFORE_WARNING;
            lock.notifyAll();
        }
        if (warn) {
            stderr.accept("host service " + service + ": cannot reach its relay pod yet (still trying): " + reason);
        }
    }

    @Override
    public void taken(RelayTunnel tunnel) {
        synchronized (lock) {
            idle--;
            failures = 0;
            backoff.reset();
            lock.notifyAll();
        }
    }

    @Override
    public void lost(RelayTunnel tunnel, String reason) {
        if (!isStopped()) {
            failed(reason);
        }
    }

    @Override
    public void closed(RelayTunnel tunnel) {
        tunnels.remove(tunnel);
    }

    private boolean isReached() {
        synchronized (lock) {
            return reached;
        }
    }

    private boolean isStopped() {
        synchronized (lock) {
            return stopped;
        }
    }

    /** Stops opening standbys and closes every tunnel, idle or carrying a connection. */
    @Override
    public void close() {
        synchronized (lock) {
            stopped = true;
            lock.notifyAll();
        }
        for (RelayTunnel tunnel : List.copyOf(tunnels)) {
            tunnel.close();
        }
    }
}
