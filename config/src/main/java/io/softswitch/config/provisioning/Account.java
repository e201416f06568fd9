package io.softswitch.config.provisioning;

import java.util.Objects;

/**
 * A tenant's call limits, shared by all its trunks (the account pool).
 *
 * @param sid                 {@code AC...}; what trunks and numbers refer to
 * @param name                friendly name
 * @param cpsLimit            new calls per second over all its trunks, 0 = unlimited
 * @param concurrentCallLimit simultaneous calls over all its trunks, 0 = unlimited
 */
public record Account(String sid, String name, int cpsLimit, int concurrentCallLimit) {
    public Account {
        Objects.requireNonNull(sid, "sid");
    }
}
