package io.softswitch.config.provisioning;

import java.util.Objects;

/**
 * A DID owned by an account.
 *
 * @param number E.164 with {@code +}
 * @param trunk  the {@linkplain Trunk#key() key} of the trunk its inbound calls go to, or null when unassigned
 */
public record PhoneNumber(String sid, String accountSid, String number, String trunk) {
    public PhoneNumber {
        Objects.requireNonNull(number, "number");
    }
}
