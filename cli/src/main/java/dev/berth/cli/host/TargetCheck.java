package dev.berth.cli.host;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** Dials a host-service target, naming it and the reason when it cannot be reached. */
final class TargetCheck {

    static final int CONNECT_TIMEOUT_MILLIS = 5000;

    private TargetCheck() {
    }

    static Socket dial(String service, String host, int port) throws UserFacingException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            return socket;
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closed anyway
            }
            String target = host + ":" + port;
            String why = e instanceof SocketTimeoutException ? "did not accept a connection within "
                    + CONNECT_TIMEOUT_MILLIS / 1000 + " s"
                    : e instanceof UnknownHostException ? "cannot be resolved"
                    : e instanceof ConnectException ? "refused the connection: " + Messages.reason(e)
                    : "cannot be reached: " + Messages.reason(e);
            throw new UserFacingException("host service " + service + ": " + target + " " + why);
        }
    }
}
