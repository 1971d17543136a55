package dev.berth.cli;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Where the API is, as a port on 127.0.0.1 (the only place Dagger's SDKs look:
 * {@code http://127.0.0.1:$DAGGER_SESSION_PORT/query}).
 */
abstract class ApiConnection implements AutoCloseable {

    /** Base URI for the session endpoints. */
    abstract URI baseUri();

    /** The port on 127.0.0.1 that serves {@code /query}. */
    abstract int loopbackPort();

    abstract String describe();

    /** The bootstrap credential from the cluster, where there is one. */
    Optional<String> bootstrapTokenFromSecret(String namespace, String name, String key) {
        return Optional.empty();
    }

    @Override
    public abstract void close();

    /** An API URL given with --api: used as it is on 127.0.0.1, relayed there otherwise. */
    static ApiConnection direct(URI api) throws IOException {
        if (!"http".equals(api.getScheme()) || api.getHost() == null) {
            throw new IOException("--api must be an http:// URL (Dagger's SDKs speak plain HTTP to 127.0.0.1), got " + api);
        }
        if (api.getPath() != null && !api.getPath().isEmpty() && !api.getPath().equals("/")) {
            throw new IOException("--api must not have a path (the SDKs POST to /query), got " + api);
        }
        int port = api.getPort() < 0 ? 80 : api.getPort();
        URI base = URI.create("http://" + hostForUri(api.getHost()) + ":" + port + "/");
        if (isLoopback(api.getHost())) {
            if (!api.getHost().equals("127.0.0.1")) {
                // the SDKs dial 127.0.0.1 exactly: relay from there
                return relayed(base, api.getHost(), port);
            }
            return new ApiConnection() {
                @Override
                URI baseUri() {
                    return base;
                }

                @Override
                int loopbackPort() {
                    return port;
                }

                @Override
                String describe() {
                    return base.toString();
                }

                @Override
                public void close() {
                }
            };
        }
        return relayed(base, api.getHost(), port);
    }

    private static ApiConnection relayed(URI base, String host, int port) throws IOException {
        LoopbackRelay relay = LoopbackRelay.start(host, port);
        return new ApiConnection() {
            @Override
            URI baseUri() {
                return base;
            }

            @Override
            int loopbackPort() {
                return relay.port();
            }

            @Override
            String describe() {
                return base + " (relayed from 127.0.0.1:" + relay.port() + ")";
            }

            @Override
            public void close() {
                relay.close();
            }
        };
    }

    /** A port-forward (KUBECONFIG) to the operator's Service in the cluster. */
    static ApiConnection portForward(String namespace, String service, int servicePort) throws IOException {
        KubernetesClient client = new KubernetesClientBuilder().build();
        LocalPortForward forward;
        try {
            if (client.services().inNamespace(namespace).withName(service).get() == null) {
                throw new IOException("no Service " + namespace + "/" + service + " in the cluster of KUBECONFIG ("
                        + client.getConfiguration().getMasterUrl() + "): is the Berth operator installed? "
                        + "For an operator run locally, pass --api http://127.0.0.1:PORT");
            }
            forward = client.services().inNamespace(namespace).withName(service)
                    .portForward(servicePort, InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e instanceof IOException io ? io : new IOException("port-forward to " + namespace + "/" + service
                    + " failed: " + e.getMessage(), e);
        }
        URI base = URI.create("http://127.0.0.1:" + forward.getLocalPort() + "/");
        return new ApiConnection() {
            @Override
            URI baseUri() {
                return base;
            }

            @Override
            int loopbackPort() {
                return forward.getLocalPort();
            }

            @Override
            String describe() {
                return "service " + namespace + "/" + service + ":" + servicePort + " via port-forward on " + base;
            }

            @Override
            Optional<String> bootstrapTokenFromSecret(String ns, String name, String key) {
                Secret secret = client.secrets().inNamespace(ns).withName(name).get();
                if (secret == null || secret.getData() == null || secret.getData().get(key) == null) {
                    return Optional.empty();
                }
                return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get(key)),
                        StandardCharsets.UTF_8).trim());
            }

            @Override
            public void close() {
                try {
                    forward.close();
                } catch (IOException e) {
                    // closing anyway
                } finally {
                    client.close();
                }
            }
        };
    }

    static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
