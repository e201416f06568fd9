package io.softswitch.config.provisioning;

import java.util.Locale;

/**
 * Twilio's account states. Only an {@link #ACTIVE} account places and receives calls; a
 * {@link #SUSPENDED} one keeps its resources; a {@link #CLOSED} one is gone for good (its numbers go
 * back to the operator's inventory, its trunks are no longer identified).
 */
public enum AccountStatus {
    ACTIVE, SUSPENDED, CLOSED;

    /** {@code active}, {@code suspended} or {@code closed} (Twilio's wire values, any case). */
    public static AccountStatus of(String wire) {
        try {
            return valueOf(wire.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("status: " + wire + " (expected: active, suspended or closed)");
        }
    }

    /** The wire value: {@code active}, {@code suspended}, {@code closed}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
