package io.softswitch.sip;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Request screening applied before any routing: RFC 3261 request validation, a per-source flood
 * limit (pike-like), a back-off then a block after repeated authentication failures, and silent
 * drop of known scanner User-Agents.
 *
 * @param validateRequests        reject malformed requests (400, 416, 420, 415, 406, 483, 505)
 * @param maxRequestsPerSource    requests one IP may send per {@code window}; 0 = no limit
 * @param window                  length of the rate window
 * @param blockTime               how long a source that exceeded the limit stays blocked
 * @param rejectWhenBlocked       answer a blocked source's requests with {@code 503} and
 *                                {@code Retry-After} instead of dropping them silently
 * @param authFailuresBeforeBlock consecutive authentication failures that block a source; 0 = never
 * @param authBlockTime           how long a source blocked for authentication failures stays blocked
 * @param dropScanners            silently drop requests whose User-Agent matches {@code scannerUserAgents}
 * @param scannerUserAgents       case-insensitive substrings of known scanner User-Agents
 * @param maxTrackedSources       most source addresses tracked at once (bounds memory under a spoofed flood)
 * @param authBackoff             back-off window after the first consecutive authentication failure of a
 *                                source, doubled by each further one; while it lasts the source's requests
 *                                carrying credentials are dropped unanswered; zero = no back-off
 * @param authBackoffMax          the longest back-off window (the doubling stops there)
 * @param trustedFronts           the cluster's SIP fronts ({@code cluster.trusted_fronts}): their requests are
 *                                screened as the PBX named in {@link SourceHeader} would be, and their own
 *                                (probes, relayed in-dialog requests, no such header) are never limited, since
 *                                one front carries every PBX's traffic and a blocked front is a blocked cluster
 */
public record SipSecurity(boolean validateRequests, int maxRequestsPerSource, Duration window, Duration blockTime,
        boolean rejectWhenBlocked, int authFailuresBeforeBlock, Duration authBlockTime, boolean dropScanners,
        List<String> scannerUserAgents, int maxTrackedSources, Duration authBackoff, Duration authBackoffMax,
        List<InetAddress> trustedFronts) {

    /** User-Agents of common SIP scanners (SIPVicious and friends). */
    public static final List<String> KNOWN_SCANNERS = List.of("friendly-scanner", "sipvicious", "sipcli",
            "VaxSIPUserAgent", "SIPScan", "sip-scan", "iWar", "sundayddr", "smap", "pplsip");

    /** The defaults documented in {@code config/softswitch.yaml}. */
    public static final SipSecurity DEFAULTS = new SipSecurity(true, 20_000, Duration.ofSeconds(1),
            Duration.ofSeconds(60), false, 5, Duration.ofMinutes(5), true, KNOWN_SCANNERS, 100_000,
            Duration.ofMillis(500), Duration.ofSeconds(16));

    public SipSecurity {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(blockTime, "blockTime");
        Objects.requireNonNull(authBlockTime, "authBlockTime");
        Objects.requireNonNull(authBackoff, "authBackoff");
        Objects.requireNonNull(authBackoffMax, "authBackoffMax");
        scannerUserAgents = scannerUserAgents.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        trustedFronts = List.copyOf(trustedFronts);
        if (maxRequestsPerSource < 0) {
            throw new IllegalArgumentException("maxRequestsPerSource: " + maxRequestsPerSource + " (expected: >= 0)");
        }
        if (authFailuresBeforeBlock < 0) {
            throw new IllegalArgumentException(
                    "authFailuresBeforeBlock: " + authFailuresBeforeBlock + " (expected: >= 0)");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window: " + window + " (expected: > 0)");
        }
        if (maxTrackedSources < 1) {
            throw new IllegalArgumentException("maxTrackedSources: " + maxTrackedSources + " (expected: >= 1)");
        }
        if (authBackoff.isNegative()) {
            throw new IllegalArgumentException("authBackoff: " + authBackoff + " (expected: >= 0)");
        }
        if (authBackoffMax.compareTo(authBackoff) < 0) {
            throw new IllegalArgumentException(
                    "authBackoffMax: " + authBackoffMax + " (expected: >= authBackoff " + authBackoff + ")");
        }
    }

    /** Screening without a cluster front. */
    public SipSecurity(boolean validateRequests, int maxRequestsPerSource, Duration window, Duration blockTime,
            boolean rejectWhenBlocked, int authFailuresBeforeBlock, Duration authBlockTime, boolean dropScanners,
            List<String> scannerUserAgents, int maxTrackedSources, Duration authBackoff, Duration authBackoffMax) {
        this(validateRequests, maxRequestsPerSource, window, blockTime, rejectWhenBlocked, authFailuresBeforeBlock,
                authBlockTime, dropScanners, scannerUserAgents, maxTrackedSources, authBackoff, authBackoffMax,
                List.of());
    }

    /** These settings with {@code fronts} as the cluster's trusted SIP fronts. */
    public SipSecurity withTrustedFronts(List<InetAddress> fronts) {
        return new SipSecurity(validateRequests, maxRequestsPerSource, window, blockTime, rejectWhenBlocked,
                authFailuresBeforeBlock, authBlockTime, dropScanners, scannerUserAgents, maxTrackedSources, authBackoff,
                authBackoffMax, fronts);
    }

    /** Screening without authentication back-off (the settings before back-off existed). */
    public SipSecurity(boolean validateRequests, int maxRequestsPerSource, Duration window, Duration blockTime,
            boolean rejectWhenBlocked, int authFailuresBeforeBlock, Duration authBlockTime, boolean dropScanners,
            List<String> scannerUserAgents, int maxTrackedSources) {
        this(validateRequests, maxRequestsPerSource, window, blockTime, rejectWhenBlocked, authFailuresBeforeBlock,
                authBlockTime, dropScanners, scannerUserAgents, maxTrackedSources, Duration.ZERO, Duration.ZERO);
    }

    /**
     * The back-off window after {@code failures} consecutive authentication failures (1 = the first):
     * {@code authBackoff * 2^(failures-1)}, at most {@code authBackoffMax}; zero when back-off is off.
     */
    public Duration authBackoffAfter(int failures) {
        if (failures < 1 || authBackoff.isZero()) {
            return Duration.ZERO;
        }
        long base = authBackoff.toNanos();
        long max = authBackoffMax.toNanos();
        int shift = Math.min(failures - 1, 62);
        // Stop doubling before it overflows or passes the cap.
        long window = base > (max >> shift) ? max : base << shift;
        return Duration.ofNanos(Math.min(window, max));
    }
}
