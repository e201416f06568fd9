package io.softswitch.core.daemon;

import io.softswitch.config.CallsConfig;
import io.softswitch.config.ListenAddress;
import io.softswitch.config.MediaConfig;
import io.softswitch.config.RateLimitAction;
import io.softswitch.config.SipSecurityConfig;
import io.softswitch.config.SoftswitchConfig;
import io.softswitch.core.call.RetryAfter;
import io.softswitch.media.MediaRelaySettings;
import io.softswitch.media.MediaTransport;
import io.softswitch.sip.OverloadLimit;
import io.softswitch.sip.SipBinding;
import io.softswitch.sip.SipSecurity;
import io.softswitch.sip.SipSettings;
import io.softswitch.sip.SipTls;
import io.softswitch.sip.SourceHeader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The one place where the configuration file's values become the modules' own settings types
 * ({@code sip-stack}'s {@link SipSettings}, {@code media-relay}'s {@link MediaRelaySettings}...). A
 * new key is read in {@code config}, mapped here, and used by its module; {@link Daemon} only wires.
 */
final class ModuleSettings {
    private ModuleSettings() {
    }

    /**
     * The SIP endpoint's settings; {@code name} tells JAIN-SIP stacks apart within one JVM, {@code tls}
     * holds the certificates read for the tls listeners ({@code SipTlsFiles}).
     */
    static SipSettings sip(SoftswitchConfig config, String name, SipTls tls) {
        return new SipSettings(name, config.sip().listen().stream().map(ModuleSettings::binding).toList(),
                config.sip().userAgent(), config.sip().threads(), config.sip().maxMessageSize(),
                config.sip().advertisedHost(), security(config.sip().security()).withTrustedFronts(
                        config.cluster().trustedFronts().stream().map(SourceHeader::literal).toList()),
                overloadLimit(config.calls()),
                (int) config.sip().ackTimeout().toSeconds(), tls);
    }

    /** Overload thresholds (and the shed 503's Retry-After) shared by the SIP layer, the call engine and the simulator. */
    static OverloadLimit overloadLimit(CallsConfig c) {
        return new OverloadLimit((int) c.maxQueueDelay().toMillis(), (int) c.warmupMaxQueueDelay().toMillis(),
                (int) c.warmup().toSeconds(), (int) c.retryAfter().overloaded().toSeconds());
    }

    /** The call engine's Retry-After for each kind of 503 ({@code calls.retry_after}). */
    static RetryAfter retryAfter(CallsConfig c) {
        return new RetryAfter(c.retryAfter().overloaded(), c.retryAfter().draining(), c.retryAfter().unavailable());
    }

    static SipSecurity security(SipSecurityConfig c) {
        return new SipSecurity(c.validateRequests(), c.maxRequestsPerSource(), c.window(), c.block(),
                c.rateLimitAction() == RateLimitAction.REJECT, c.authFailuresBeforeBlock(), c.authBlock(),
                c.dropScanners(), c.scannerUserAgents(), c.maxTrackedSources(), c.authBackoff(), c.authBackoffMax());
    }

    /** The relay's settings ({@code media.mode: relay}). */
    static MediaRelaySettings media(MediaConfig mc) throws UnknownHostException {
        return new MediaRelaySettings(InetAddress.getByName(mc.bindAddress()),
                InetAddress.getByName(mc.advertisedAddress()), mc.portMin(), mc.portMax(),
                mc.portQuarantine(), mc.rtpTimeout(), mc.eventLoopThreads(), mc.natLatchWindow(),
                mc.maxQueueDelay(), MediaTransport.valueOf(mc.transport().name()));
    }

    static SipBinding binding(ListenAddress a) {
        return new SipBinding(a.transport().name().toLowerCase(Locale.ROOT), a.host(), a.port());
    }

    /**
     * The pace of the warm-up's calls: a quarter of what {@code sip.security.max_requests_per_source}
     * lets one address send (a call is 3 requests from its caller, plus retransmissions), so the
     * warm-up never gets the loopback address blocked; 0 (no pace) when there is no such limit.
     */
    static int warmupCallsPerSecond(io.softswitch.config.SipSecurityConfig security) {
        if (security.maxRequestsPerSource() == 0) {
            return 0;
        }
        long perSecond = security.maxRequestsPerSource() * 1000L / Math.max(1, security.window().toMillis());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, perSecond / 4));
    }
}
