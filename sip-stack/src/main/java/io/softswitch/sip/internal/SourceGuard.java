package io.softswitch.sip.internal;

import io.softswitch.sip.SipEvents;
import io.softswitch.sip.SipSecurity;
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
 *   <li>authentication backoff: {@link SipSecurity#authFailuresBeforeBlock()} consecutive
 *       {@link #authFailed} calls without an {@link #authSucceeded} block the source for
 *       {@link SipSecurity#authBlockTime()} (the call engine calls these when digest checks fail or pass);</li>
 *   <li>silent drop of requests whose User-Agent contains a known scanner name.</li>
 * </ul>
 *
 * <p>A blocked source's requests are dropped, or answered {@code 503} with {@code Retry-After} when
 * {@link SipSecurity#rejectWhenBlocked()} is set. Memory is bounded by
 * {@link SipSecurity#maxTrackedSources()}: idle entries are swept, and past the bound new sources are
 * admitted untracked (logged once) rather than growing the map. Thread-safe, non-blocking (one short
 * lock per source); callable from SIP stack threads.
 */
public final class SourceGuard {
    private static final Logger LOG = LoggerFactory.getLogger(SourceGuard.class);
    private static final int SWEEP_EVERY = 4096;

    private final SipSecurity settings;
    private final SipEvents events;
    private final LongSupplier nanoClock;
    private final Map<String, Source> sources = new ConcurrentHashMap<>();
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

    /** Counts one request from {@code ip} and decides whether it may be processed. */
    public Admission admit(String ip, String userAgent) {
        if (settings.dropScanners() && userAgent != null && isScanner(userAgent)) {
            Source s = track(ip);
            if (s != null && s.markScannerLogged()) {
                LOG.info("dropping requests from {}: scanner User-Agent '{}'", ip, printable(userAgent));
            }
            events.requestDropped("scanner");
            return new Admission(Action.DROP, "scanner", 0);
        }
        if (settings.maxRequestsPerSource() == 0 && settings.authFailuresBeforeBlock() == 0) {
            return Admission.ADMITTED;
        }
        Source s = track(ip);
        if (s == null) {
            return Admission.ADMITTED;
        }
        long now = nanoClock.getAsLong();
        long blockedFor;
        boolean newlyBlocked = false;
        synchronized (s) {
            blockedFor = s.blockedUntil - now;
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
                    ip, settings.blockTime().toSeconds(), settings.maxRequestsPerSource(), settings.window().toMillis());
            events.sourceBlocked("rate-limit");
        }
        if (blockedFor <= 0) {
            return Admission.ADMITTED;
        }
        events.requestDropped("blocked");
        if (settings.rejectWhenBlocked()) {
            return new Admission(Action.REJECT, "blocked", Math.max(1, (blockedFor + 999_999_999L) / 1_000_000_000L));
        }
        return new Admission(Action.DROP, "blocked", 0);
    }

    /** Records a failed authentication from {@code ip}; blocks it after the configured number in a row. */
    public void authFailed(String ip) {
        if (settings.authFailuresBeforeBlock() == 0) {
            return;
        }
        Source s = track(ip);
        if (s == null) {
            return;
        }
        boolean block;
        synchronized (s) {
            s.authFailures++;
            block = s.authFailures >= settings.authFailuresBeforeBlock();
            if (block) {
                s.authFailures = 0;
                s.blockedUntil = Math.max(s.blockedUntil, nanoClock.getAsLong() + settings.authBlockTime().toNanos());
            }
        }
        if (block) {
            LOG.warn("blocking {} for {} s: {} consecutive authentication failures "
                    + "(sip.security.auth_failures_before_block)", ip, settings.authBlockTime().toSeconds(),
                    settings.authFailuresBeforeBlock());
            events.sourceBlocked("auth-failures");
        }
    }

    /** Records a successful authentication from {@code ip}: its failure count starts again. */
    public void authSucceeded(String ip) {
        Source s = sources.get(ip);
        if (s != null) {
            synchronized (s) {
                s.authFailures = 0;
            }
        }
    }

    /** True while {@code ip} is blocked (by the flood limit or by authentication failures). */
    public boolean isBlocked(String ip) {
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

    private boolean isScanner(String userAgent) {
        String ua = userAgent.toLowerCase(Locale.ROOT);
        for (String s : settings.scannerUserAgents()) {
            if (ua.contains(s)) {
                return true;
            }
        }
        return false;
    }

    private Source track(String ip) {
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

    /** Forgets sources that are neither blocked, counting a current window, nor carrying auth failures. */
    private void sweep() {
        long now = nanoClock.getAsLong();
        long window = settings.window().toNanos();
        sources.entrySet().removeIf(e -> {
            Source s = e.getValue();
            synchronized (s) {
                return s.blockedUntil - now <= 0 && now - s.windowStart >= window && s.authFailures == 0;
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
        boolean scannerLogged;

        Source(long now) {
            this.windowStart = now;
            this.blockedUntil = now;
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
