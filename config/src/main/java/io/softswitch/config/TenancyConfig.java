package io.softswitch.config;

import java.time.Duration;
import java.util.Objects;

/**
 * What keeps tenants (subaccounts) from hurting each other and the operator ({@code tenancy:}).
 *
 * @param deletedCallRetention        ({@code deleted_call_retention_days}) a call record a tenant
 *                                    deleted is hidden from it at once and kept for the operator (its
 *                                    {@code Calls.csv}) this long (0-36500 days)
 * @param allowInternalTargets        origination and gateway URLs may point at the switch's own
 *                                    listeners and at link-local/metadata addresses (169.254.0.0/16,
 *                                    fe80::/10); off by default
 * @param apiAuthFailuresBeforeBlock  consecutive failed API authentications from one address that
 *                                    block it (0 = never)
 * @param apiAuthBlock                ({@code api_auth_block_seconds}) how long such a block lasts
 * @param apiAuthBackoff              ({@code api_auth_backoff_ms}) each failure from an address makes it
 *                                    wait this long, doubling per consecutive failure, before its next
 *                                    attempt is checked (zero = no back-off)
 * @param apiAuthBackoffMax           ({@code api_auth_backoff_max_ms}) the most one back-off lasts
 */
public record TenancyConfig(Duration deletedCallRetention, boolean allowInternalTargets, int apiAuthFailuresBeforeBlock,
        Duration apiAuthBlock, Duration apiAuthBackoff, Duration apiAuthBackoffMax) {
    public static final TenancyConfig DEFAULT = new TenancyConfig(Duration.ofDays(90), false, 10, Duration.ofSeconds(300),
            Duration.ofMillis(100), Duration.ofMillis(5000));

    public TenancyConfig {
        Objects.requireNonNull(deletedCallRetention, "deletedCallRetention");
        Objects.requireNonNull(apiAuthBlock, "apiAuthBlock");
        Objects.requireNonNull(apiAuthBackoff, "apiAuthBackoff");
        Objects.requireNonNull(apiAuthBackoffMax, "apiAuthBackoffMax");
    }
}
