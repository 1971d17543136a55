package dev.berth.cli.module;

import dev.berth.sdk.PortForward;
import java.util.ArrayList;
import java.util.List;

/** {@code up --ports HOST:SERVICE} (or {@code PORT}, the same on both sides) as the SDK's PortForward. */
final class PortMappings {

    private PortMappings() {
    }

    static List<PortForward> parse(List<?> values) throws UsageException {
        List<PortForward> out = new ArrayList<>();
        for (Object value : values) {
            String text = value.toString();
            String[] parts = text.split(":", -1);
            if (parts.length > 2) {
                throw new UsageException("--ports: \"" + text + "\" is not HOST_PORT:SERVICE_PORT (e.g. 9000:8080)");
            }
            int frontend = port(text, parts[0]);
            int backend = parts.length == 2 ? port(text, parts[1]) : frontend;
            out.add(new PortForward().withFrontend(frontend).withBackend(backend));
        }
        return out;
    }

    private static int port(String whole, String part) throws UsageException {
        try {
            int port = Integer.parseInt(part.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--ports: \"" + whole + "\" is not HOST_PORT:SERVICE_PORT with ports 1-65535 "
                + "(e.g. 9000:8080)");
    }
}
