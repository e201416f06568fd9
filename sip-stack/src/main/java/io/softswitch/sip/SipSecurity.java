package io.softswitch.sip;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Request screening applied before any routing: RFC 3261 request validation, a per-source flood
 * limit (pike-like), blocking after repeated authentication failures, and silent drop of known
 * scanner User-Agents.
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
 */
public record SipSecurity(boolean validateRequests, int maxRequestsPerSource, Duration window, Duration blockTime,
        boolean rejectWhenBlocked, int authFailuresBeforeBlock, Duration authBlockTime, boolean dropScanners,
        List<String> scannerUserAgents, int maxTrackedSources) {

    /** User-Agents of common SIP scanners (SIPVicious and friends). */
    public static final List<String> KNOWN_SCANNERS = List.of("friendly-scanner", "sipvicious", "sipcli",
            "VaxSIPUserAgent", "SIPScan", "sip-scan", "iWar", "sundayddr", "smap", "pplsip");

    /** The defaults documented in {@code config/softswitch.yaml}. */
    public static final SipSecurity DEFAULTS = new SipSecurity(true, 20_000, Duration.ofSeconds(1),
            Duration.ofSeconds(60), false, 5, Duration.ofMinutes(5), true, KNOWN_SCANNERS, 100_000);

    public SipSecurity {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(blockTime, "blockTime");
        Objects.requireNonNull(authBlockTime, "authBlockTime");
        scannerUserAgents = scannerUserAgents.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
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
    }
}
