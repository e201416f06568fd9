package io.softswitch.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code sip.security}: request validation and flood defences applied before routing. Build one with
 * {@link #builder()} (starts from {@link #DEFAULTS}).
 *
 * @param validateRequests        reject malformed requests (RFC 3261 §8.2: 400, 416, 420, 415, 406, 483, 505)
 * @param maxRequestsPerSource    requests one source IP may send per window; 0 = no limit
 * @param window                  ({@code window_ms}) the rate window
 * @param block                   ({@code block_seconds}) how long a source over the limit is blocked
 * @param rateLimitAction         drop (silence) or reject ({@code 503} with {@code Retry-After})
 * @param authFailuresBeforeBlock consecutive authentication failures that block a source; 0 = never
 * @param authBlock               ({@code auth_block_seconds}) how long such a source is blocked
 * @param dropScanners            silently drop requests from known scanner User-Agents
 * @param scannerUserAgents       case-insensitive User-Agent substrings that mark a scanner
 * @param maxTrackedSources       most source addresses tracked at once (bounds memory)
 * @param authBackoff             ({@code auth_backoff_ms}) back-off after a source's first consecutive
 *                                authentication failure, doubled by each further failure; zero = no back-off
 * @param authBackoffMax          ({@code auth_backoff_max_ms}) the longest back-off window (at least
 *                                {@code authBackoff})
 */
public record SipSecurityConfig(boolean validateRequests, int maxRequestsPerSource, Duration window, Duration block,
        RateLimitAction rateLimitAction, int authFailuresBeforeBlock, Duration authBlock, boolean dropScanners,
        List<String> scannerUserAgents, int maxTrackedSources, Duration authBackoff, Duration authBackoffMax) {

    /** User-Agents of common SIP scanners (SIPVicious and friends). */
    public static final List<String> KNOWN_SCANNERS = List.of("friendly-scanner", "sipvicious", "sipcli",
            "VaxSIPUserAgent", "SIPScan", "sip-scan", "iWar", "sundayddr", "smap", "pplsip");

    /** The documented defaults. */
    public static final SipSecurityConfig DEFAULTS = new SipSecurityConfig(true, 20_000, Duration.ofMillis(1000),
            Duration.ofSeconds(60), RateLimitAction.DROP, 5, Duration.ofSeconds(300), true, KNOWN_SCANNERS, 100_000,
            Duration.ofMillis(500), Duration.ofMillis(16_000));

    public SipSecurityConfig {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(rateLimitAction, "rateLimitAction");
        Objects.requireNonNull(authBlock, "authBlock");
        Objects.requireNonNull(authBackoff, "authBackoff");
        Objects.requireNonNull(authBackoffMax, "authBackoffMax");
        scannerUserAgents = List.copyOf(scannerUserAgents);
    }

    /** A builder holding the {@link #DEFAULTS}. */
    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Named setters for {@link SipSecurityConfig}; each component keeps its value unless set. */
    public static final class Builder {
        private boolean validateRequests;
        private int maxRequestsPerSource;
        private Duration window;
        private Duration block;
        private RateLimitAction rateLimitAction;
        private int authFailuresBeforeBlock;
        private Duration authBlock;
        private boolean dropScanners;
        private List<String> scannerUserAgents;
        private int maxTrackedSources;
        private Duration authBackoff;
        private Duration authBackoffMax;

        private Builder(SipSecurityConfig c) {
            validateRequests = c.validateRequests;
            maxRequestsPerSource = c.maxRequestsPerSource;
            window = c.window;
            block = c.block;
            rateLimitAction = c.rateLimitAction;
            authFailuresBeforeBlock = c.authFailuresBeforeBlock;
            authBlock = c.authBlock;
            dropScanners = c.dropScanners;
            scannerUserAgents = c.scannerUserAgents;
            maxTrackedSources = c.maxTrackedSources;
            authBackoff = c.authBackoff;
            authBackoffMax = c.authBackoffMax;
        }

        public Builder validateRequests(boolean validateRequests) {
            this.validateRequests = validateRequests;
            return this;
        }

        public Builder maxRequestsPerSource(int maxRequestsPerSource) {
            this.maxRequestsPerSource = maxRequestsPerSource;
            return this;
        }

        public Builder window(Duration window) {
            this.window = window;
            return this;
        }

        public Builder block(Duration block) {
            this.block = block;
            return this;
        }

        public Builder rateLimitAction(RateLimitAction rateLimitAction) {
            this.rateLimitAction = rateLimitAction;
            return this;
        }

        public Builder authFailuresBeforeBlock(int authFailuresBeforeBlock) {
            this.authFailuresBeforeBlock = authFailuresBeforeBlock;
            return this;
        }

        public Builder authBlock(Duration authBlock) {
            this.authBlock = authBlock;
            return this;
        }

        public Builder dropScanners(boolean dropScanners) {
            this.dropScanners = dropScanners;
            return this;
        }

        public Builder scannerUserAgents(List<String> scannerUserAgents) {
            this.scannerUserAgents = scannerUserAgents;
            return this;
        }

        public Builder maxTrackedSources(int maxTrackedSources) {
            this.maxTrackedSources = maxTrackedSources;
            return this;
        }

        public Builder authBackoff(Duration authBackoff) {
            this.authBackoff = authBackoff;
            return this;
        }

        public Builder authBackoffMax(Duration authBackoffMax) {
            this.authBackoffMax = authBackoffMax;
            return this;
        }

        public SipSecurityConfig build() {
            return new SipSecurityConfig(validateRequests, maxRequestsPerSource, window, block, rateLimitAction,
                    authFailuresBeforeBlock, authBlock, dropScanners, scannerUserAgents, maxTrackedSources,
                    authBackoff, authBackoffMax);
        }
    }
}
