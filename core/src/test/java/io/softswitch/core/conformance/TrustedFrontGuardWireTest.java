package io.softswitch.core.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.testing.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-source flood limit behind a cluster's SIP front (issue 17), over real UDP: the front
 * ({@value #FRONT}, in {@code cluster.trusted_fronts}) carries every PBX's requests, so each PBX it
 * names in {@code X-Softswitch-Source} is limited on its own, and the front's own requests (probes,
 * relayed in-dialog requests: no such header) are never limited; a blocked front would be a blocked
 * cluster. From anyone else the header changes nothing.
 */
class TrustedFrontGuardWireTest {
    private static final int LIMIT = 5;
    private static final String FRONT = "127.0.0.8";
    private static final Duration ANSWER = Duration.ofSeconds(3);

    @TempDir
    static Path tmp;
    static Daemon daemon;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        port = FreePorts.udpAndTcp();
        daemon = Daemon.start(SecurityConfigs.config(port, """
                max_requests_per_source: %d
                window_ms: 60000
                block_seconds: 120
                rate_limit_action: reject
                """.formatted(LIMIT), "cluster:\n  trusted_fronts: [" + FRONT + "]\n"), tmp.resolve("d"));
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void theFrontsOwnRequestsAreNeverLimited() throws Exception {
        try (UdpSipClient front = new UdpSipClient(port, FRONT)) {
            for (int i = 0; i < 4 * LIMIT; i++) {
                assertThat(front.options(ANSWER)).as("probe %d", i).contains(200);
            }
        }
    }

    @Test
    void eachPbxBehindTheFrontIsLimitedOnItsOwn() throws Exception {
        try (UdpSipClient front = new UdpSipClient(port, FRONT)) {
            String flooder = "X-Softswitch-Source: 192.0.2.10:5060\r\n";
            for (int i = 0; i < LIMIT; i++) {
                assertThat(front.options(ANSWER, flooder)).as("request %d", i).contains(200);
            }
            assertThat(front.optionsAnswer(ANSWER, flooder)).hasValueSatisfying(r -> {
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.header("Retry-After")).isNotBlank();
            });
            assertThat(front.options(ANSWER, "X-Softswitch-Source: 192.0.2.11:5060\r\n"))
                    .as("another PBX behind the same front").contains(200);
            assertThat(front.options(ANSWER)).as("the front itself").contains(200);
        }
    }

    @Test
    void theHeaderFromAnyoneButTheFrontChangesNothing() throws Exception {
        try (UdpSipClient stranger = new UdpSipClient(port, "127.0.0.11")) {
            for (int i = 0; i < LIMIT; i++) {
                // A new name each time: believed, it would spread the count over many sources.
                assertThat(stranger.options(ANSWER, "X-Softswitch-Source: 192.0.2." + (100 + i) + "\r\n"))
                        .as("request %d", i).contains(200);
            }
            assertThat(stranger.optionsAnswer(ANSWER, "X-Softswitch-Source: 192.0.2.200\r\n"))
                    .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(503));
        }
    }
}
