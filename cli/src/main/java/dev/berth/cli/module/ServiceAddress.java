package dev.berth.cli.module;

import java.net.URI;
import java.net.URISyntaxException;

/** A {@code Service} argument given as {@code tcp://HOST:PORT}: a service on the user's machine (Host.service). */
record ServiceAddress(String host, int port) {

    static ServiceAddress parse(String flag, String value) throws UsageException {
        String hint = "--" + flag + ": \"" + value + "\" is not a service address; write tcp://HOST:PORT "
                + "(e.g. tcp://localhost:3306, a server on this machine)";
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new UsageException(hint);
        }
        if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535
                || (uri.getPath() != null && !uri.getPath().isEmpty())) {
            throw new UsageException(hint);
        }
        return new ServiceAddress(uri.getHost(), uri.getPort());
    }
}
