package io.softswitch.sip.internal;

import io.softswitch.sip.SipEvents;
import io.softswitch.sip.SipSecurity;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-source defences, keyed by the packet's source IP address:
 *
 * <ul>
 *   <li>a pike-like flood detector: more than {@link SipSecurity#maxRequestsPerSource()} requests in
 *       one {@link SipSecurity#window()} block the source for {@link SipSecurity#blockTime()};</li>
 *   <li>authentication back-off then block (svcrack defence): the call engine reports digest outcomes
 *       with {@link #authFailed} and {@link #authSucceeded}. The k-th consecutive failure opens a
 *       back-off window of {@link SipSecurity#authBackoffAfter(int) authBackoff * 2^(k-1)} (capped at
 *       {@link SipSecurity#authBackoffMax()}) during which the source's requests that carry credentials
 *       ({@code admit(ip, ua, true)}) are dropped unanswered, so they are never checked; the
 *       {@link SipSecurity#authFailuresBeforeBlock()}-th failure blocks the source for
 *       {@link SipSecurity#authBlockTime()}. A success resets the count; so does a pause of
 *       {@code authBlockTime} without failures (a failure a day never adds up to a block);</li>
 *   <li>silent drop of requests whose User-Agent contains a known scanner name.</li>
 * </ul>
 *
 * <p>Why drop during the back-off rather than answer or delay: a {@code 403} would tell a cracker to
 * try the next password at once (no slow-down), a {@code 503} with {@code Retry-After} tells it when
 * to come back, and holding the answer back would keep per-request state under attack. A dropped
 * request costs nothing; a real UAC retransmits it (RFC 3261 §17.1.1.2, Timer A) and the first
 * retransmission after the window is checked normally, so a PBX that fixed its password only waits.
 * Requests without credentials are not held back: they get their challenge as before.
 *
 * <p>A blocked source's requests are dropped, or answered {@code 503} with {@code Retry-After} when
 * {@link SipSecurity#rejectWhenBlocked()} is set. Memory is bounded by
 * {@link SipSecurity#maxTrackedSources()}: idle entries are swept, and past the bound new sources are
 * admitted untracked (logged once) rather than growing the map. Thread-safe, non-blocking (one short
 * lock per source, no sleeping); callable from SIP stack threads.
 */
public final class SourceGuard {
    private static final Logger LOG = LoggerFactory.getLogger(SourceGuard.class);
    private static final int SWEEP_EVERY = 4096;

    private final SipSecurity settings;
    private final SipEvents events;
    private final LongSupplier nanoClock;
    private final Map<InetAddress, Source> sources = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();
    private volatile boolean fullLogged;

    public SourceGuard(SipSecurity settings, SipEvents events) {
        this(settings, events, System::nanoTime);
    }

    /** A guard reading time from {@code nanoClock} (tests step it). */
    public SourceGuard(SipSecurity settings, SipEvents events, LongSupplier nanoClock) {
        this.settings = settings;
        this.events = events;
        this.nanoClock = nanoClock;
    }

    /** What to do with one request. */
    public enum Action {
        ADMIT, DROP, REJECT
    }

    /**
     * The verdict for one request from {@code ip} carrying {@code userAgent} (may be null).
     *
     * @param retryAfterSeconds for {@link Action#REJECT}, the block time left
     */
    public record Admission(Action action, String reason, long retryAfterSeconds) {
        static final Admission ADMITTED = new Admission(Action.ADMIT, "", 0);
    }

    /** Counts one request from {@code ip} that carries no credentials and decides whether it may be processed. */
    public Admission admit(InetAddress ip, String userAgent) {
        return admit(ip, userAgent, false);
    }

    /**
     * Counts one request from {@code ip} and decides whether it may be processed.
     *
     * @param carriesCredentials the request is a new call carrying {@code Authorization} or
     *                           {@code Proxy-Authorization}: it is dropped while the source backs off
     */
    public Admission admit(InetAddress ip, String userAgent, boolean carriesCredentials) {
        if (settings.dropScanners() && userAgent != null && isScanner(userAgent)) {
            Source s = track(ip);
            if (s != null && s.markScannerLogged()) {
                LOG.info("dropping requests from {}: scanner User-Agent '{}'", ip.getHostAddress(), printable(userAgent));
            }
            events.requestDropped("scanner");
            return new Admission(Action.DROP, "scanner", 0);
        }
        if (settings.maxRequestsPerSource() == 0 && !tracksAuth()) {
            return Admission.ADMITTED;
        }
        Source s = track(ip);
        if (s == null) {
            return Admission.ADMITTED;
        }
        long now = nanoClock.getAsLong();
        long blockedFor;
        boolean newlyBlocked = false;
        boolean backingOff = false;
        synchronized (s) {
            blockedFor = s.blockedUntil - now;
            backingOff = carriesCredentials && s.backoffUntil - now > 0;
            if (blockedFor <= 0 && settings.maxRequestsPerSource() > 0) {
                if (now - s.windowStart >= settings.window().toNanos()) {
                    s.windowStart = now;
                    s.count = 0;
                }
                s.count++;
                if (s.count > settings.maxRequestsPerSource()) {
                    s.blockedUntil = now + settings.blockTime().toNanos();
                    s.count = 0;
                    blockedFor = settings.blockTime().toNanos();
                    newlyBlocked = true;
                }
            }
        }
        if (newlyBlocked) {
            LOG.warn("blocking {} for {} s: more than {} requests in {} ms (sip.security.max_requests_per_source)",
                    ip.getHostAddress(), settings.blockTime().toSeconds(), settings.maxRequestsPerSource(), settings.window().toMillis());
            events.sourceBlocked("rate-limit");
        }
        if (blockedFor <= 0) {
            if (backingOff) {
                events.requestDropped("auth-backoff");
                return new Admission(Action.DROP, "auth-backoff", 0);
            }
            return Admission.ADMITTED;
        }
        events.requestDropped("blocked");
        if (settings.rejectWhenBlocked()) {
            return new Admission(Action.REJECT, "blocked", Math.max(1, (blockedFor + 999_999_999L) / 1_000_000_000L));
        }
        return new Admission(Action.DROP, "blocked", 0);
    }

    /**
     * Records a failed authentication from {@code ip}: opens its back-off window, or blocks it after
     * the configured number of failures in a row.
     */
    public void authFailed(InetAddress ip) {
        if (!tracksAuth()) {
            return;
        }
        Source s = track(ip);
        if (s == null) {
            return;
        }
        long now = nanoClock.getAsLong();
        boolean block;
        long backoff = 0;
        int failures;
        synchronized (s) {
            if (s.authFailures > 0 && now - s.lastAuthFailure >= settings.authBlockTime().toNanos()) {
                s.authFailures = 0; // the streak went cold
            }
            s.authFailures++;
            s.lastAuthFailure = now;
            failures = s.authFailures;
            block = settings.authFailuresBeforeBlock() > 0 && failures >= settings.authFailuresBeforeBlock();
            if (block) {
                s.authFailures = 0;
                s.backoffUntil = now;
                s.blockedUntil = Math.max(s.blockedUntil, now + settings.authBlockTime().toNanos());
            } else {
                backoff = settings.authBackoffAfter(failures).toNanos();
                if (backoff > 0) {
                    s.backoffUntil = now + backoff;
                }
            }
        }
        if (block) {
            LOG.warn("blocking {} for {} s: {} consecutive authentication failures "
                    + "(sip.security.auth_failures_before_block)", ip.getHostAddress(), settings.authBlockTime().toSeconds(),
                    settings.authFailuresBeforeBlock());
            events.sourceBlocked("auth-failures");
        } else if (backoff > 0) {
            LOG.debug("backing off {} for {} ms after {} consecutive authentication failure(s)", ip.getHostAddress(),
                    backoff / 1_000_000, failures);
            events.authBackoff();
        }
    }

    /** Records a successful authentication from {@code ip}: its failure count starts again. */
    public void authSucceeded(InetAddress ip) {
        Source s = sources.get(ip);
        if (s != null) {
            synchronized (s) {
                s.authFailures = 0;
                s.backoffUntil = nanoClock.getAsLong();
            }
        }
    }

    /** True while {@code ip} backs off after authentication failures (requests with credentials are dropped). */
    public boolean isBackingOff(InetAddress ip) {
        Source s = sources.get(ip);
        if (s == null) {
            return false;
        }
        synchronized (s) {
            return s.backoffUntil - nanoClock.getAsLong() > 0;
        }
    }

    /** True while {@code ip} is blocked (by the flood limit or by authentication failures). */
    public boolean isBlocked(InetAddress ip) {
        Source s = sources.get(ip);
        if (s == null) {
            return false;
        }
        synchronized (s) {
            return s.blockedUntil - nanoClock.getAsLong() > 0;
        }
    }

    /** Sources currently tracked (for tests and diagnostics). */
    int trackedSources() {
        return sources.size();
    }

    private boolean tracksAuth() {
        return settings.authFailuresBeforeBlock() > 0 || !settings.authBackoff().isZero();
    }

    private boolean isScanner(String userAgent) {
        String ua = userAgent.toLowerCase(Locale.ROOT);
        for (String s : settings.scannerUserAgents()) {
            if (ua.contains(s)) {
                return true;
            }
        }
        return false;
    }

    private Source track(InetAddress ip) {
        Source s = sources.get(ip);
        if (s != null) {
            return s;
        }
        if (calls.incrementAndGet() % SWEEP_EVERY == 0 || sources.size() >= settings.maxTrackedSources()) {
            sweep();
        }
        if (sources.size() >= settings.maxTrackedSources()) {
            if (!fullLogged) {
                fullLogged = true;
                LOG.warn("tracking {} sources (sip.security.max_tracked_sources): new sources are not rate limited",
                        sources.size());
            }
            return null;
        }
        fullLogged = false;
        long now = nanoClock.getAsLong();
        return sources.computeIfAbsent(ip, k -> new Source(now));
    }

    /**
     * Forgets sources that are neither blocked, counting a current window, nor carrying a live streak
     * of auth failures (one older than the auth block time has gone cold: {@link #authFailed}).
     */
    private void sweep() {
        long now = nanoClock.getAsLong();
        long window = settings.window().toNanos();
        long streak = settings.authBlockTime().toNanos();
        sources.entrySet().removeIf(e -> {
            Source s = e.getValue();
            synchronized (s) {
                return s.blockedUntil - now <= 0 && now - s.windowStart >= window
                        && (s.authFailures == 0 || now - s.lastAuthFailure >= streak);
            }
        });
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** Mutable per-source state, guarded by its own monitor. */
    private static final class Source {
        long windowStart;
        int count;
        long blockedUntil;
        int authFailures;
        long lastAuthFailure;
        long backoffUntil;
        boolean scannerLogged;

        Source(long now) {
            this.windowStart = now;
            this.blockedUntil = now;
            this.lastAuthFailure = now;
            this.backoffUntil = now;
        }

        synchronized boolean markScannerLogged() {
            if (scannerLogged) {
                return false;
            }
            scannerLogged = true;
            return true;
        }
    }
}
