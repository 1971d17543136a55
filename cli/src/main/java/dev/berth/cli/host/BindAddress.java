package dev.berth.cli.host;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

/** The {@code --bind} address: where exposed services listen on this machine. */
public final class BindAddress {

    public static final String DEFAULT = "127.0.0.1";

    private BindAddress() {
    }

    /**
     * An IP literal or a resolvable name whose address belongs to this machine (loopback, the
     * wildcard 0.0.0.0 / ::, or an interface's address); anything else fails naming --bind.
     */
    public static InetAddress resolve(String value) throws IOException {
        if (value.isBlank()) {
            throw new IOException("--bind must not be empty (e.g. 127.0.0.1, or 0.0.0.0 for every interface)");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(value.strip());
        } catch (UnknownHostException e) {
            throw new IOException("--bind " + value + ": not an IP address and not a name that resolves");
        }
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return address;
        }
        try {
            if (NetworkInterface.getByInetAddress(address) != null) {
                return address;
            }
        } catch (SocketException e) {
            throw new IOException("--bind " + value + ": cannot list this machine's addresses: " + e.getMessage());
        }
        throw new IOException("--bind " + value + (value.strip().equals(address.getHostAddress()) ? "" : " ("
                + address.getHostAddress() + ")") + ": not an address of this machine");
    }
}
