package io.softswitch.config.provisioning;

import java.util.Objects;

/**
 * Where inbound calls for a trunk's numbers are sent (Twilio OriginationUrl).
 *
 * @param sipUrl   e.g. {@code sip:pbx.example.net:5060;transport=udp}
 * @param priority lower is tried first (0-65535)
 * @param weight   share among equal priorities (1-65535)
 * @param sid      {@code OU...} when stored; null for one only known from YAML
 */
public record OriginationUrl(String sid, String name, String sipUrl, int priority, int weight, boolean enabled) {
    public OriginationUrl {
        Objects.requireNonNull(sipUrl, "sipUrl");
    }

    /** One without a SID (YAML, tests). */
    public OriginationUrl(String name, String sipUrl, int priority, int weight, boolean enabled) {
        this(null, name, sipUrl, priority, weight, enabled);
    }

    /** What attempts and records know it by: its SID, else its name, else its SIP URL. */
    public String key() {
        return sid != null ? sid : name == null || name.isBlank() ? sipUrl : name;
    }
}
