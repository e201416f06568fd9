package io.softswitch.config;

import java.util.List;

/**
 * {@code sip.security}: request validation and flood defences applied before routing.
 *
 * @param validateRequests        reject malformed requests (RFC 3261 §8.2: 400, 416, 420, 415, 406, 483, 505)
 * @param maxRequestsPerSource    requests one source IP may send per window; 0 = no limit
 * @param windowMs                rate window, in milliseconds
 * @param blockSeconds            how long a source over the limit is blocked
 * @param rateLimitAction         drop (silence) or reject ({@code 503} with {@code Retry-After})
 * @param authFailuresBeforeBlock consecutive authentication failures that block a source; 0 = never
 * @param authBlockSeconds        how long such a source is blocked
 * @param dropScanners            silently drop requests from known scanner User-Agents
 * @param scannerUserAgents       case-insensitive User-Agent substrings that mark a scanner
 * @param maxTrackedSources       most source addresses tracked at once (bounds memory)
 * @param authBackoffMs           back-off after a source's first consecutive authentication failure, in
 *                                milliseconds, doubled by each further failure; 0 = no back-off
 * @param authBackoffMaxMs        the longest back-off window, in milliseconds (at least {@code authBackoffMs})
 */
public record SipSecurityConfig(boolean validateRequests, int maxRequestsPerSource, int windowMs, int blockSeconds,
        RateLimitAction rateLimitAction, int authFailuresBeforeBlock, int authBlockSeconds, boolean dropScanners,
        List<String> scannerUserAgents, int maxTrackedSources, int authBackoffMs, int authBackoffMaxMs) {

    /** User-Agents of common SIP scanners (SIPVicious and friends). */
    public static final List<String> KNOWN_SCANNERS = List.of("friendly-scanner", "sipvicious", "sipcli",
            "VaxSIPUserAgent", "SIPScan", "sip-scan", "iWar", "sundayddr", "smap", "pplsip");

    /** The documented defaults. */
    public static final SipSecurityConfig DEFAULTS = new SipSecurityConfig(true, 20_000, 1000, 60,
            RateLimitAction.DROP, 5, 300, true, KNOWN_SCANNERS, 100_000, 500, 16_000);

    public SipSecurityConfig {
        java.util.Objects.requireNonNull(rateLimitAction, "rateLimitAction");
        scannerUserAgents = List.copyOf(scannerUserAgents);
    }

    /** Settings without authentication back-off (as before {@code auth_backoff_ms} existed). */
    public SipSecurityConfig(boolean validateRequests, int maxRequestsPerSource, int windowMs, int blockSeconds,
            RateLimitAction rateLimitAction, int authFailuresBeforeBlock, int authBlockSeconds, boolean dropScanners,
            List<String> scannerUserAgents, int maxTrackedSources) {
        this(validateRequests, maxRequestsPerSource, windowMs, blockSeconds, rateLimitAction, authFailuresBeforeBlock,
                authBlockSeconds, dropScanners, scannerUserAgents, maxTrackedSources, 0, 0);
    }
}
