package dev.berth.cli.files;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The file endpoints of one session of the API ({@code /sessions/<id>/uploads|exports/...}),
 * reached like the session channel: at the API's base URL (the port-forward on 127.0.0.1, or
 * {@code --api}), with the session token as the HTTP Basic user name.
 */
public final class SessionApi {

    private final URI base;
    private final String sessionId;
    private final String authorization;
    /** HTTP/1.1: plain http with HTTP/2 would first try an h2c upgrade, which the API has no use for. */
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .build();

    /** {@code base}: http://host:port/ of the API. */
    public SessionApi(URI base, String sessionId, String token) {
        this.base = base;
        this.sessionId = sessionId;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((token + ":").getBytes(StandardCharsets.UTF_8));
    }

    HttpClient http() {
        return http;
    }

    /** A request to {@code /sessions/<id>/<segments...>}, each segment percent-encoded. */
    HttpRequest.Builder request(String... segments) {
        return HttpRequest.newBuilder(uri(segments)).header("Authorization", authorization);
    }

    URI uri(String... segments) {
        StringBuilder path = new StringBuilder("sessions/").append(encode(sessionId));
        for (String segment : segments) {
            path.append('/').append(encode(segment));
        }
        return base.resolve("/" + path);
    }

    /** Where the API is, for messages. */
    String describe() {
        return base.toString();
    }

    /** Percent-encodes all but RFC 3986's unreserved characters. */
    static String encode(String segment) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }

    /** The API's plain-text reason for a failed request, or the status where it sent none. */
    static String reason(int status, String body, String what) {
        String text = body == null ? "" : body.strip();
        if (text.isEmpty()) {
            return what + " failed: HTTP " + status;
        }
        return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
    }

    /** The innermost cause's message: the HTTP client wraps the reason (refused, reset ...). */
    static String reason(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
