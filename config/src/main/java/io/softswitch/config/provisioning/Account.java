package io.softswitch.config.provisioning;

import java.util.Objects;

/**
 * A tenant: its call limits, shared by all its trunks (the account pool), and its status.
 *
 * @param sid                 {@code AC...}; what trunks and numbers refer to
 * @param name                friendly name
 * @param cpsLimit            new calls per second over all its trunks, 0 = unlimited
 * @param concurrentCallLimit simultaneous calls over all its trunks, 0 = unlimited
 * @param status              only an active account places and receives calls
 */
public record Account(String sid, String name, int cpsLimit, int concurrentCallLimit, AccountStatus status) {
    public Account {
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(status, "status");
    }

    /** An active account. */
    public Account(String sid, String name, int cpsLimit, int concurrentCallLimit) {
        this(sid, name, cpsLimit, concurrentCallLimit, AccountStatus.ACTIVE);
    }

    public boolean active() {
        return status == AccountStatus.ACTIVE;
    }
}
