package io.softswitch.core.security;

import io.softswitch.core.call.CallEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security log (logger {@code softswitch.security}): one line per INVITE refused for failed
 * credentials. These are not calls of the tenant whose trunk was tried, so they get no call record
 * (issue 22); the operator finds them here and in {@code calls_auth_failures_total}.
 */
public final class SecurityLog implements CallEvents {
    private static final Logger LOG = LoggerFactory.getLogger("softswitch.security");

    @Override
    public void authFailed(String trunk, String source) {
        LOG.info("digest authentication failed from {} for {}", source,
                trunk == null ? "no trunk" : "trunk " + trunk);
    }
}
