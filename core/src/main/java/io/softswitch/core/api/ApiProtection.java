package io.softswitch.core.api;

import io.softswitch.config.TenancyConfig;
import io.softswitch.core.security.ApiAuthGuard;
import io.softswitch.core.security.TargetPolicy;

/**
 * The REST API's defences that depend on the daemon (issue 22): the per-source throttle of failed
 * authentications and the policy for SIP URLs tenants may make the switch call.
 */
public record ApiProtection(ApiAuthGuard guard, TargetPolicy targets) {
    /** Default throttle, every parsable URL allowed (tests that mount the API alone). */
    public static ApiProtection defaults() {
        return new ApiProtection(new ApiAuthGuard(TenancyConfig.DEFAULT, () -> { }), TargetPolicy.PERMISSIVE);
    }
}
