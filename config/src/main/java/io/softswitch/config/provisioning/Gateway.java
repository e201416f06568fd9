package io.softswitch.config.provisioning;

import java.util.Objects;

/**
 * One SIP address of a carrier; priority ascending, weight within a priority.
 *
 * @param sid {@code GW...} when stored; null for a gateway only known from YAML
 */
public record Gateway(String sid, String name, String sipUrl, int priority, int weight, boolean enabled) {
    public Gateway {
        Objects.requireNonNull(sipUrl, "sipUrl");
    }

    /** A gateway without a SID (YAML, tests). */
    public Gateway(String name, String sipUrl, int priority, int weight, boolean enabled) {
        this(null, name, sipUrl, priority, weight, enabled);
    }

    /** What routing, health and records know it by: its SID, else its name, else its SIP URL. */
    public String key() {
        return sid != null ? sid : name == null || name.isBlank() ? sipUrl : name;
    }
}
