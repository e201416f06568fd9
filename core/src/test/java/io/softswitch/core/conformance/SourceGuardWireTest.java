package io.softswitch.core.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.testing.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flood and scanner defences over real UDP against in-process daemons. Each test sends from its
 * own loopback address (127.0.0.x), which the daemon sees as a distinct source. {@code rejecting}
 * answers a blocked source {@code 503}; {@code dropping} drops it and does not drop scanners (the
 * control that shows SIPVicious can find a daemon at all). {@code dropping} has a cluster SIP front,
 * {@value #FRONT}, for the tests of the defences behind a front.
 */
class SourceGuardWireTest {
    private static final int LIMIT = 20;
    private static final Duration ANSWER = Duration.ofSeconds(3);
    private static final Duration SILENCE = Duration.ofMillis(1500);
    /** {@code dropping}'s cluster SIP front ({@code cluster.trusted_fronts}). */
    private static final String FRONT = "127.0.0.8";

    @TempDir
    static Path tmp;
    static Daemon rejecting;
    static Daemon dropping;
    static int rejectingPort;
    static int droppingPort;

    @BeforeAll
    static void start() throws Exception {
        rejectingPort = FreePorts.udpAndTcp();
        rejecting = Daemon.start(SecurityConfigs.config(rejectingPort, """
                max_requests_per_source: %d
                window_ms: 60000
                block_seconds: 120
                rate_limit_action: reject
                """.formatted(LIMIT)), tmp.resolve("rejecting"));
        droppingPort = FreePorts.udpAndTcp();
        dropping = Daemon.start(SecurityConfigs.config(droppingPort, """
                max_requests_per_source: %d
                window_ms: 60000
                block_seconds: 120
                rate_limit_action: drop
                drop_scanners: false
                """.formatted(LIMIT), "cluster:\n  trusted_fronts: [" + FRONT + "]\n"), tmp.resolve("dropping"));
    }

    @AfterAll
    static void stop() {
        if (rejecting != null) {
            rejecting.close();
        }
        if (dropping != null) {
            dropping.close();
        }
    }

    @Test
    void sourceOverTheRateLimitGets503WithRetryAfterWhileOthersAreServed() throws Exception {
        try (UdpSipClient flooder = new UdpSipClient(rejectingPort, "127.0.0.2");
                UdpSipClient other = new UdpSipClient(rejectingPort, "127.0.0.3")) {
            for (int i = 0; i < LIMIT; i++) {
                assertThat(flooder.options(ANSWER)).as("request %d", i).contains(200);
            }
            Optional<UdpSipClient.Received> refused = flooder.optionsAnswer(ANSWER, "");
            assertThat(refused).hasValueSatisfying(r -> {
                assertThat(r.status()).isEqualTo(503);
                assertThat(Integer.parseInt(r.header("Retry-After").trim())).isBetween(100, 120);
            });
            assertThat(other.options(ANSWER)).contains(200);
        }
        assertThat(rejecting.metrics().registry().get("sip.sources.blocked").tag("reason", "rate-limit").counter()
                .count()).isEqualTo(1.0);
        assertThat(rejecting.metrics().scrape()).contains("sip_sources_blocked_total{reason=\"rate-limit\"} 1.0");
    }

    @Test
    void sourceOverTheRateLimitIsDroppedSilentlyInDropMode() throws Exception {
        try (UdpSipClient flooder = new UdpSipClient(droppingPort, "127.0.0.2")) {
            for (int i = 0; i < LIMIT; i++) {
                assertThat(flooder.options(ANSWER)).as("request %d", i).contains(200);
            }
            assertThat(flooder.options(SILENCE)).isEmpty();
        }
        assertThat(dropping.metrics().registry().get("sip.dropped").tag("reason", "blocked").counter().count())
                .isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void scannerUserAgentGetsNoAnswerButTheSameSourceIsServedOtherwise() throws Exception {
        try (UdpSipClient scanner = new UdpSipClient(rejectingPort, "127.0.0.4")) {
            assertThat(scanner.options(SILENCE, "User-Agent: friendly-scanner\r\n")).isEmpty();
            assertThat(scanner.options(SILENCE, "User-Agent: sipcli/v1.8\r\n")).isEmpty();
            assertThat(scanner.options(ANSWER, "User-Agent: Asterisk PBX 20.5.0\r\n")).contains(200);
        }
        assertThat(rejecting.metrics().registry().get("sip.dropped").tag("reason", "scanner").counter().count())
                .isGreaterThanOrEqualTo(2.0);
    }

    /* Behind a cluster's SIP front (issue 17): the front carries every PBX's requests, so each PBX
     * it names in X-Softswitch-Source is limited on its own, and the front's own requests (probes,
     * relayed in-dialog requests: no such header) are never limited, since a blocked front would
     * be a blocked cluster. From anyone else the header changes nothing. */

    @Test
    void theFrontsOwnRequestsAreNeverLimited() throws Exception {
        try (UdpSipClient front = new UdpSipClient(droppingPort, FRONT)) {
            for (int i = 0; i < 2 * LIMIT; i++) {
                assertThat(front.options(ANSWER)).as("probe %d", i).contains(200);
            }
        }
    }

    @Test
    void eachPbxBehindTheFrontIsLimitedOnItsOwn() throws Exception {
        try (UdpSipClient front = new UdpSipClient(droppingPort, FRONT)) {
            String flooder = "X-Softswitch-Source: 192.0.2.10:5060\r\n";
            for (int i = 0; i < LIMIT; i++) {
                assertThat(front.options(ANSWER, flooder)).as("request %d", i).contains(200);
            }
            assertThat(front.options(SILENCE, flooder)).as("the PBX over the limit").isEmpty();
            assertThat(front.options(ANSWER, "X-Softswitch-Source: 192.0.2.11:5060\r\n"))
                    .as("another PBX behind the same front").contains(200);
            assertThat(front.options(ANSWER)).as("the front itself").contains(200);
        }
    }

    @Test
    void theSourceHeaderFromAnyoneButTheFrontChangesNothing() throws Exception {
        try (UdpSipClient stranger = new UdpSipClient(droppingPort, "127.0.0.11")) {
            for (int i = 0; i < LIMIT; i++) {
                // A new name each time: believed, it would spread the count over many sources.
                assertThat(stranger.options(ANSWER, "X-Softswitch-Source: 192.0.2." + (100 + i) + "\r\n"))
                        .as("request %d", i).contains(200);
            }
            assertThat(stranger.options(SILENCE, "X-Softswitch-Source: 192.0.2.99\r\n")).isEmpty();
        }
    }

    @Test
    void svmapFindsNothingWhenScannersAreDropped() throws Exception {
        String out = svmap(rejectingPort);
        assertThat(out).contains("found nothing").doesNotContain("127.0.0.1:" + rejectingPort);
    }

    @Test
    void svmapFindsTheDaemonWhenScannerDropIsOff() throws Exception {
        String out = svmap(droppingPort);
        assertThat(out).contains("127.0.0.1:" + droppingPort).contains("softswitch");
    }

    /** Runs Debian's SIPVicious {@code svmap} against one loopback port; returns what it printed. */
    private static String svmap(int port) throws IOException, InterruptedException {
        Path home = Files.createTempDirectory(tmp, "svmap"); // svmap keeps its session state under $HOME
        List<String> cmd = new ArrayList<>(List.of("svmap", "-p", Integer.toString(port), "-t", "0.5", "127.0.0.1"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(home.resolve("out.txt").toFile());
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("svmap did not finish within 60 s");
        }
        return Files.readString(home.resolve("out.txt"), StandardCharsets.UTF_8);
    }
}
