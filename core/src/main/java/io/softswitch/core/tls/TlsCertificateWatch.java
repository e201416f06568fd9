package io.softswitch.core.tls;

import io.softswitch.core.metrics.SoftswitchMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
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
 * Keeps the listeners' certificates current (SIP's, the HTTPS API's: each a {@link WatchedCertificates}):
 * re-reads the PEM files when one changes (checked
 * every {@code pollInterval}) or on {@link #reload} ({@code POST /admin/reload}), publishes each
 * certificate's expiry ({@code tls_certificate_expiry_seconds{certificate}}) and logs a WARN once per
 * certificate from {@link #WARN_BEFORE} before it expires. Files that do not load are refused with
 * a WARN and the certificates in use stay (for that listener; the others still reload).
 */
public final class TlsCertificateWatch implements AutoCloseable {
    public static final Duration WARN_BEFORE = Duration.ofDays(14);
    private static final Logger LOG = LoggerFactory.getLogger(TlsCertificateWatch.class);

    private final List<WatchedCertificates> sources;
    private final Clock clock;
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService poller;
    private volatile Map<Path, FileTime> seen = Map.of();

    private TlsCertificateWatch(List<WatchedCertificates> sources, Clock clock, Duration pollInterval) {
        this.sources = List.copyOf(sources);
        this.clock = clock;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tls-certificate-watch");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::reloadIfChanged, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Watches {@code sources}, whose certificates in use now are {@code current} (by label: one
     * expiry gauge each).
     */
    public static TlsCertificateWatch start(List<WatchedCertificates> sources, Map<String, X509Certificate> current,
            SoftswitchMetrics metrics, Clock clock, Duration pollInterval) {
        TlsCertificateWatch w = new TlsCertificateWatch(sources, clock, pollInterval);
        w.seen = w.modificationTimes();
        w.record(current);
        for (String name : w.expiries.keySet()) {
            metrics.tlsCertificateExpiry(name, () -> w.expiries.get(name));
        }
        return w;
    }

    /** Re-reads every certificate now; false (and a WARN) when a file does not load. */
    public boolean reload() {
        seen = modificationTimes(); // a version that does not load is refused once, not every poll
        boolean all = true;
        for (WatchedCertificates source : sources) {
            try {
                record(source.reload());
            } catch (IOException | RuntimeException e) {
                all = false;
                LOG.warn("TLS certificates not reloaded, the ones in use stay: {}", e.getMessage());
            }
        }
        if (all) {
            LOG.info("TLS certificates reloaded");
        }
        return all;
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

    private void record(Map<String, X509Certificate> presented) {
        presented.forEach((name, leaf) -> expiries.put(name, leaf.getNotAfter().toInstant()));
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

    private Map<Path, FileTime> modificationTimes() {
        Map<Path, FileTime> out = new HashMap<>();
        for (Path p : sources.stream().flatMap(w -> w.files().stream()).toList()) {
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
