package io.softswitch.core.daemon;

import io.softswitch.config.ListenAddress;
import io.softswitch.config.SipSecurityConfig;
import io.softswitch.config.SoftswitchConfig;
import io.softswitch.core.http.HttpServer;
import io.softswitch.core.metrics.SoftswitchMetrics;
import io.softswitch.sip.SipBinding;
import io.softswitch.sip.SipEndpoint;
import io.softswitch.sip.SipSecurity;
import io.softswitch.sip.SipSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running softswitch: metrics, storage, SIP and HTTP, started in that order and stopped in
 * reverse. {@link #start} returns once everything listens; {@link #close} is idempotent.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private final Readiness readiness = new Readiness();
    private SoftswitchMetrics metrics;
    private SipEndpoint sip;
    private HttpServer http;
    private boolean closed;

    private Daemon() {
    }

    public static Daemon start(SoftswitchConfig config, Path dataDir) throws IOException {
        long t0 = System.nanoTime();
        Daemon d = new Daemon();
        try {
            d.startAll(config, dataDir);
        } catch (IOException | RuntimeException e) {
            d.close();
            throw e;
        }
        LOG.info("ready in {} ms", (System.nanoTime() - t0) / 1_000_000);
        return d;
    }

    private void startAll(SoftswitchConfig config, Path dataDir) throws IOException {
        readiness.declare("sip");
        readiness.declare("storage");
        metrics = new SoftswitchMetrics();
        toClose.push(metrics);

        openDataDir(dataDir);
        readiness.up("storage");

        List<SipBinding> bindings = config.sip().listen().stream().map(Daemon::binding).toList();
        sip = SipEndpoint.start(new SipSettings("softswitch-" + INSTANCES.incrementAndGet(), bindings,
                config.sip().userAgent(), config.sip().threads(), config.sip().maxMessageSize(),
                security(config.sip().security())), metrics.sipEvents());
        toClose.push(sip);
        for (SipBinding b : sip.bindings()) {
            LOG.info("listening sip {}", b);
        }
        readiness.up("sip");

        http = HttpServer.start(config.http().host(), config.http().port(), readiness, metrics);
        toClose.push(http);
        LOG.info("listening http {}:{}", config.http().host(), http.port());
    }

    private static void openDataDir(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        if (!Files.isWritable(dataDir)) {
            throw new IOException("data directory " + dataDir.toAbsolutePath() + " is not writable");
        }
    }

    private static SipSecurity security(SipSecurityConfig c) {
        return new SipSecurity(c.validateRequests(), c.maxRequestsPerSource(), Duration.ofMillis(c.windowMs()),
                Duration.ofSeconds(c.blockSeconds()), c.rateLimitAction().equals("reject"), c.authFailuresBeforeBlock(),
                Duration.ofSeconds(c.authBlockSeconds()), c.dropScanners(), c.scannerUserAgents(),
                c.maxTrackedSources());
    }

    private static SipBinding binding(ListenAddress a) {
        return new SipBinding(a.transport().name().toLowerCase(java.util.Locale.ROOT), a.host(), a.port());
    }

    public Readiness readiness() {
        return readiness;
    }

    public SoftswitchMetrics metrics() {
        return metrics;
    }

    public List<SipBinding> sipBindings() {
        return sip.bindings();
    }

    public int httpPort() {
        return http.port();
    }

    /** Graceful stop: refuse new calls, then close listeners and release everything. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (sip != null) {
            sip.stopAccepting();
        }
        while (!toClose.isEmpty()) {
            AutoCloseable c = toClose.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
        LOG.info("stopped");
    }
}
