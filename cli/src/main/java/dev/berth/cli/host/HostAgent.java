package dev.berth.cli.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.files.Exporter;
import dev.berth.cli.files.HostPaths;
import dev.berth.cli.files.Limits;
import dev.berth.cli.files.SessionApi;
import dev.berth.cli.files.TransferException;
import dev.berth.cli.files.Uploader;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The berth process's side of the session channel: listens and dials on this machine for the
 * engine ({@code expose}/{@code unexpose}, {@code hostService}/{@code release}, see
 * docs/host-networking.md), and carries files ({@code readHost}, {@code export}, see
 * docs/files.md). Owns every listener and tunnel; {@link #close()} releases them all.
 */
public final class HostAgent implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PodPortForwarder forwarder;
    private final InetAddress bindAddress;
    private final Consumer<String> stderr;
    private final Map<String, Exposure> exposures = new ConcurrentHashMap<>();
    private final Map<String, HostService> hostServices = new ConcurrentHashMap<>();
    /** Null without the session's file endpoints (tests of networking only). */
    private final Uploader uploader;
    private final Exporter exporter;
    private volatile boolean closed;

    /** Without file transfers: {@code readHost} and {@code export} fail. */
    public HostAgent(PodPortForwarder forwarder, InetAddress bindAddress, Consumer<String> stderr) {
        this(forwarder, bindAddress, stderr, null, HostPaths.system());
    }

    /**
     * {@code stderr} prints one line for the user (without the {@code berth: } prefix);
     * {@code files} reaches the session's upload and export endpoints; {@code paths} resolves the
     * paths scripts give (the working directory and home of this process).
     */
    public HostAgent(PodPortForwarder forwarder, InetAddress bindAddress, Consumer<String> stderr, SessionApi files,
            HostPaths paths) {
        this.forwarder = forwarder;
        this.bindAddress = bindAddress;
        this.stderr = stderr;
        this.uploader = files == null ? null : new Uploader(files, paths, Limits.DEFAULT, stderr);
        this.exporter = files == null ? null : new Exporter(files, paths);
    }

    /** Acts on one request and returns its answer (with the request's {@code id}). */
    public ObjectNode handle(JsonNode json) {
        Request request = new Request(json);
        String id = json.path("id").asText("");
        try {
            if (closed) {
                throw new UserFacingException("berth is shutting down");
            }
            return switch (request.type()) {
                case "expose" -> expose(id, request);
                case "unexpose" -> unexpose(id);
                case "hostService" -> hostService(id, request);
                case "release" -> release(id);
                case "readHost" -> readHost(id, request);
                case "export" -> export(id, request);
                default -> throw new UserFacingException("this berth does not know the request '" + request.type()
                        + "' (is it older than the operator?)");
            };
        } catch (UserFacingException | Request.BadRequestException e) {
            return answer("failed", id).put("message", e.getMessage());
        }
    }

    private ObjectNode expose(String id, Request request) throws UserFacingException {
        String service = request.text("service");
        String namespace = request.text("namespace");
        String pod = request.text("pod");
        List<PortMapping> ports = request.ports();
        Exposure exposure = exposures.get(id);
        if (exposure == null) {
            try {
                exposure = Exposure.open(bindAddress, ports, service, namespace, pod, forwarder, stderr);
            } catch (UserFacingException e) {
                stderr.accept(e.getMessage());
                throw e;
            }
            Exposure raced = exposures.putIfAbsent(id, exposure);
            if (raced != null || closed) {
                exposure.close();
                exposure = raced;
                if (exposure == null) {
                    throw new UserFacingException("berth is shutting down");
                }
            } else {
                for (PortMapping port : exposure.ports()) {
                    stderr.accept("service " + service + " exposed on " + bindAddress.getHostAddress() + ":"
                            + port.frontend() + " -> " + port.backend());
                }
            }
        }
        ObjectNode answer = answer("exposed", id).put("address", bindAddress.getHostAddress());
        ArrayNode actual = answer.putArray("ports");
        for (PortMapping port : exposure.ports()) {
            actual.addObject().put("frontend", port.frontend()).put("backend", port.backend());
        }
        return answer;
    }

    private ObjectNode unexpose(String id) {
        Exposure exposure = exposures.remove(id);
        if (exposure != null) {
            exposure.close();
        }
        return answer("unexposed", id);
    }

    private ObjectNode hostService(String id, Request request) throws UserFacingException {
        String service = request.text("service");
        HostService.Relay relay = new HostService.Relay(request.text("namespace"), request.text("pod"),
                request.port("controlPort", false), request.text("key"));
        String host = request.text("host");
        List<PortMapping> ports = request.ports();
        if (!hostServices.containsKey(id)) {
            HostService started;
            try {
                started = HostService.start(service, relay, host, ports, forwarder, stderr);
            } catch (UserFacingException e) {
                stderr.accept(e.getMessage());
                throw e;
            }
            if (hostServices.putIfAbsent(id, started) != null || closed) {
                started.close();
            }
        }
        return answer("hostServiceReady", id);
    }

    private ObjectNode release(String id) {
        HostService hostService = hostServices.remove(id);
        if (hostService != null) {
            hostService.close();
        }
        return answer("released", id);
    }

    /** {@code Host.directory}/{@code Host.file}: the files go to the API over HTTP. */
    private ObjectNode readHost(String id, Request request) throws UserFacingException {
        boolean directory = request.directoryKind();
        String path = request.text("path");
        List<String> include = request.strings("include");
        List<String> exclude = request.strings("exclude");
        if (uploader == null) {
            throw new UserFacingException("this berth process cannot upload files (no session API)");
        }
        try {
            Uploader.Uploaded uploaded = uploader.upload(id, directory, path, include, exclude, () -> closed);
            return answer("uploaded", id).put("files", uploaded.files()).put("bytes", uploaded.bytes())
                    .put("sentBlobs", uploaded.sentBlobs()).put("sentBytes", uploaded.sentBytes());
        } catch (TransferException e) {
            throw new UserFacingException(e.getMessage());
        } catch (IOException e) {
            throw new UserFacingException("cannot upload " + path + ": " + e.getMessage());
        }
    }

    /**
     * {@code Directory.export}/{@code File.export}: the API sends a bundle, written here. A file's
     * {@code name} and {@code allowParentDirPath} say where it goes when {@code path} is a directory.
     */
    private ObjectNode export(String id, Request request) throws UserFacingException {
        boolean directory = request.directoryKind();
        String path = request.text("path");
        boolean wipe = request.flag("wipe");
        boolean allowParentDirPath = request.flag("allowParentDirPath");
        String name = request.optionalText("name");
        if (exporter == null) {
            throw new UserFacingException("this berth process cannot export files (no session API)");
        }
        try {
            Path written = directory ? exporter.exportDirectory(id, path, wipe, () -> closed)
                    : exporter.exportFile(id, path, name, allowParentDirPath);
            return answer("exported", id).put("path", written.toString());
        } catch (TransferException e) {
            throw new UserFacingException(e.getMessage());
        } catch (IOException e) {
            throw new UserFacingException("cannot export to " + path + ": " + e.getMessage());
        }
    }

    private static ObjectNode answer(String type, String id) {
        return JSON.createObjectNode().put("type", type).put("id", id);
    }

    /** Closes every listener and tunnel (the channel ended, or berth is exiting). */
    @Override
    public void close() {
        closed = true;
        exposures.values().forEach(Exposure::close);
        exposures.clear();
        hostServices.values().forEach(HostService::close);
        hostServices.clear();
    }
}
