package io.softswitch.sip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A received request as the call engine sees it: immutable, no stack types.
 *
 * @param method      SIP method
 * @param requestUser user part of the Request-URI (may be null)
 * @param requestHost host of the Request-URI
 * @param from        From header
 * @param to          To header
 * @param callId      Call-ID (of this leg only; never copied to the other leg)
 * @param source      address and port the request came from (the packet's source, not the Via), taken
 *                    from the socket once by the stack: never a name, never re-parsed from text
 * @param transport   {@code udp} or {@code tcp}
 * @param maxForwards Max-Forwards value, or 70 when absent
 * @param headers     all headers by lower-case name (for Authorization, P-Asserted-Identity...)
 * @param body        body, or null
 */
public record SipRequest(String method, String requestUser, String requestHost, SipAddress from, SipAddress to,
        String callId, InetSocketAddress source, String transport, int maxForwards,
        Map<String, List<String>> headers, SipBody body) {

    public SipRequest {
        headers = Map.copyOf(headers);
        Objects.requireNonNull(source, "source");
        if (source.isUnresolved()) {
            throw new IllegalArgumentException("source: " + source + " (expected: an IP address, not a name)");
        }
    }

    /** The IP address the request came from. */
    public InetAddress sourceAddress() {
        return source.getAddress();
    }

    /** The source address as text (for logs and per-source counters). */
    public String sourceHost() {
        return source.getAddress().getHostAddress();
    }

    /** The first value of a header (case-insensitive name). */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
}
