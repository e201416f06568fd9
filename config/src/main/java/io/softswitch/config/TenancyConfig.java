package io.softswitch.config;

/**
 * What keeps tenants (subaccounts) from hurting each other and the operator ({@code tenancy:}).
 *
 * @param deletedCallRetentionDays    a call record a tenant deleted is hidden from it at once and kept
 *                                    for the operator (its {@code Calls.csv}) this many days (0-36500)
 * @param allowInternalTargets        origination and gateway URLs may point at the switch's own
 *                                    listeners and at link-local/metadata addresses (169.254.0.0/16,
 *                                    fe80::/10); off by default
 * @param apiAuthFailuresBeforeBlock  consecutive failed API authentications from one address that
 *                                    block it (0 = never)
 * @param apiAuthBlockSeconds         how long such a block lasts
 * @param apiAuthBackoffMs            each failure from an address makes it wait this long, doubling
 *                                    per consecutive failure, before its next attempt is checked (0 = no
 *                                    back-off)
 * @param apiAuthBackoffMaxMs         the most one back-off lasts
 */
public record TenancyConfig(int deletedCallRetentionDays, boolean allowInternalTargets, int apiAuthFailuresBeforeBlock,
        int apiAuthBlockSeconds, int apiAuthBackoffMs, int apiAuthBackoffMaxMs) {
    public static final TenancyConfig DEFAULT = new TenancyConfig(90, false, 10, 300, 100, 5000);
}
