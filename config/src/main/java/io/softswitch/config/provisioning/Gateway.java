package io.softswitch.config.provisioning;

import java.util.Objects;

/** One SIP address of a carrier; priority ascending, weight within a priority. */
public record Gateway(String name, String sipUrl, int priority, int weight, boolean enabled) {
    public Gateway {
        Objects.requireNonNull(sipUrl, "sipUrl");
    }
}
