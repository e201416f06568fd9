package io.softswitch.core.tls;

import io.softswitch.core.metrics.SoftswitchMetrics;
import io.softswitch.sip.SipBinding;
import io.softswitch.sip.SipEndpoint;
import io.softswitch.sip.SipTls;
import io.softswitch.sip.TlsIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the SIP endpoint's certificates current: re-reads the PEM files when one changes (checked
 * every {@code pollInterval}) or on {@link #reload} ({@code POST /admin/reload}), publishes each
 * certificate's expiry ({@code tls_certificate_expiry_seconds{certificate}}) and logs a WARN once per
 * certificate from {@link #WARN_BEFORE} before it expires. Files that do not load are refused with
 * a WARN and the certificates in use stay.
 */
public final class TlsCertificateWatch implements AutoCloseable {
    public static final Duration WARN_BEFORE = Duration.ofDays(14);
    private static final Logger LOG = LoggerFactory.getLogger(TlsCertificateWatch.class);

    private final SipEndpoint sip;
    private final SipTlsFiles files;
    private final Clock clock;
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService poller;
    private volatile Map<Path, FileTime> seen = Map.of();

    private TlsCertificateWatch(SipEndpoint sip, SipTlsFiles files, Clock clock, Duration pollInterval) {
        this.sip = sip;
        this.files = files;
        this.clock = clock;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tls-certificate-watch");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::reloadIfChanged, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Watches the certificates {@code sip} was started with ({@code current}, read from {@code files}). */
    public static TlsCertificateWatch start(SipEndpoint sip, SipTlsFiles files, SipTls current,
            SoftswitchMetrics metrics, Clock clock, Duration pollInterval) {
        TlsCertificateWatch w = new TlsCertificateWatch(sip, files, clock, pollInterval);
        w.seen = w.modificationTimes();
        w.record(current);
        for (String name : w.expiries.keySet()) {
            metrics.tlsCertificateExpiry(name, () -> w.expiries.get(name));
        }
        return w;
    }

    /** Re-reads every certificate now; false (and a WARN) when a file does not load. */
    public boolean reload() {
        Map<Path, FileTime> times = modificationTimes();
        try {
            SipTls fresh = files.read();
            sip.reloadTls(fresh.listeners(), fresh.client());
            seen = times;
            record(fresh);
            LOG.info("TLS certificates reloaded");
            return true;
        } catch (IOException e) {
            seen = times; // refuse this version once, not every poll
            LOG.warn("TLS certificates not reloaded, the ones in use stay: {}", e.getMessage());
            return false;
        }
    }

    private void reloadIfChanged() {
        try {
            if (!modificationTimes().equals(seen)) {
                reload();
            }
            warnIfExpiring();
        } catch (RuntimeException e) {
            LOG.warn("TLS certificate check failed: {}", e.toString());
        }
    }

    private void record(SipTls tls) {
        for (Map.Entry<SipBinding, TlsIdentity> e : tls.listeners().entrySet()) {
            expiries.put(e.getKey().toString(), notAfter(e.getValue()));
        }
        tls.client().ifPresent(id -> expiries.put("client", notAfter(id)));
        warnIfExpiring();
    }

    private void warnIfExpiring() {
        Instant now = clock.instant();
        for (Map.Entry<String, Instant> e : expiries.entrySet()) {
            Duration left = Duration.between(now, e.getValue());
            if (left.compareTo(WARN_BEFORE) < 0 && warned.add(e.getKey() + "@" + e.getValue())) {
                LOG.warn("TLS certificate of {} {} on {} ({} days left): replace it", e.getKey(),
                        left.isNegative() ? "expired" : "expires", e.getValue(), left.toDays());
            }
        }
    }

    private static Instant notAfter(TlsIdentity id) {
        return id.chain().get(0).getNotAfter().toInstant();
    }

    private Map<Path, FileTime> modificationTimes() {
        Map<Path, FileTime> out = new HashMap<>();
        List<Path> all = files.files();
        for (Path p : all) {
            try {
                out.put(p, Files.getLastModifiedTime(p));
            } catch (IOException e) {
                out.put(p, FileTime.fromMillis(0));
            }
        }
        return out;
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
