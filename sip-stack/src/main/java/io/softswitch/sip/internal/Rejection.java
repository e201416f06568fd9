package io.softswitch.sip.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Why a request is refused before routing: the final status, its reason phrase and extra header
 * fields the response must carry (e.g. {@code Unsupported} with a 420, {@code Accept} with a 415).
 */
public record Rejection(int status, String reason, Map<String, String> headers) {
    public Rejection {
        Objects.requireNonNull(reason, "reason");
        if (status < 300 || status > 699) {
            throw new IllegalArgumentException("status: " + status + " (expected: 300-699)");
        }
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    static Rejection of(int status, String reason) {
        return new Rejection(status, reason, Map.of());
    }

    Rejection with(String header, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(header, value);
        return new Rejection(status, reason, more);
    }
}
