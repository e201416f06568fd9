package io.softswitch.sip;

import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * @param sourceHost  IP address the request came from (the packet's source, not the Via)
 * @param sourcePort  port it came from
 * @param transport   {@code udp} or {@code tcp}
 * @param maxForwards Max-Forwards value, or 70 when absent
 * @param headers     all headers by lower-case name (for Authorization, P-Asserted-Identity...)
 * @param body        body, or null
 */
public record SipRequest(String method, String requestUser, String requestHost, SipAddress from, SipAddress to,
        String callId, String sourceHost, int sourcePort, String transport, int maxForwards,
        Map<String, List<String>> headers, SipBody body) {

    public SipRequest {
        headers = Map.copyOf(headers);
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
