package io.softswitch.core.e2e;

import io.micrometer.core.instrument.Counter;
import io.softswitch.config.ConfigLoader;
import io.softswitch.config.Provisioning;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.testing.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;

/** The daemon in-process on free ports, provisioned by the test. */
final class E2eDaemon implements AutoCloseable {
    final int sipPort = FreePorts.udpAndTcp();
    final Daemon daemon;
    /** The relay's port range ({@code media.port_min}-{@code media.port_max}). */
    final int mediaPortMin;
    final int mediaPortMax;

    E2eDaemon(Provisioning provisioning) throws Exception {
        this(provisioning, "");
    }

    /**
     * A daemon with extra keys in its {@code media:} block, one {@code key: value} per line, e.g.
     * {@code "rtp_timeout_seconds: 1"}.
     */
    E2eDaemon(Provisioning provisioning, String mediaKeys) throws Exception {
        this(provisioning, mediaKeys, "");
    }

    /** A daemon with {@code extraYaml} (top-level blocks such as {@code redis:}) appended to its config. */
    E2eDaemon(Provisioning provisioning, String mediaKeys, String extraYaml) throws Exception {
        String media = FreePorts.mediaBlock();
        java.util.regex.Matcher range = java.util.regex.Pattern.compile("port_min: (\\d+)\\s+port_max: (\\d+)")
                .matcher(media);
        if (!range.find()) {
            throw new IllegalStateException("no port range in " + media);
        }
        mediaPortMin = Integer.parseInt(range.group(1));
        mediaPortMax = Integer.parseInt(range.group(2));
        for (String line : mediaKeys.strip().split("\\R")) {
            if (!line.isBlank()) {
                media += "  " + line.strip() + "\n";
            }
        }
        String yaml = io.softswitch.core.testing.TestConfigs.yaml(sipPort, media) + extraYaml;
        Path dir = Files.createTempDirectory("e2e");
        daemon = Daemon.start(new ConfigLoader(n -> null).parse("e2e.yaml", yaml), dir);
        daemon.snapshots().replace(provisioning);
    }

    double calls(String status) {
        Counter c = daemon.metrics().registry().find("calls").tag("status", status).counter();
        return c == null ? 0 : c.count();
    }

    /** INVITEs refused for failed credentials (not calls: issue 22), whatever the trunk. */
    double authFailures() {
        return daemon.metrics().registry().find("calls.auth.failures").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    /** Waits until {@code n} INVITEs were refused for failed credentials and no call is active. */
    void awaitAuthFailures(int n) {
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> authFailures() >= n && daemon.engine().activeCalls() == 0);
    }

    /** The value of the gauge {@code name} with tag {@code key=value}, or null while it does not exist. */
    Double gauge(String name, String key, String value) {
        io.micrometer.core.instrument.Gauge g = daemon.metrics().registry().find(name).tag(key, value).gauge();
        return g == null ? null : g.value();
    }

    /** Waits until {@code n} calls ended with {@code status} and no call is active. */
    void awaitCalls(String status, int n) {
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> calls(status) >= n && daemon.engine().activeCalls() == 0);
    }

    /** The call records written to the database so far, oldest first. */
    java.util.List<java.util.Map<String, Object>> cdrs() {
        return daemon.provisioning().rows().select("SELECT * FROM calls ORDER BY seq");
    }

    /** Waits for {@code n} call records in the database (they are written in batches off the SIP path). */
    java.util.List<java.util.Map<String, Object>> awaitCdrs(int n) {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).until(this::cdrs, l -> l.size() >= n);
    }

    @Override
    public void close() {
        daemon.close();
    }
}
