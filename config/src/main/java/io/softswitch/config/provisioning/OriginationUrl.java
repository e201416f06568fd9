package io.softswitch.config.provisioning;

import java.util.Objects;

/**
 * Where inbound calls for a trunk's numbers are sent (Twilio OriginationUrl).
 *
 * @param sipUrl   e.g. {@code sip:pbx.example.net:5060;transport=udp}
 * @param priority lower is tried first (0-65535)
 * @param weight   share among equal priorities (1-65535)
 */
public record OriginationUrl(String name, String sipUrl, int priority, int weight, boolean enabled) {
    public OriginationUrl {
        Objects.requireNonNull(sipUrl, "sipUrl");
    }
}
