package io.softswitch.core.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.softswitch.config.ConfigLoader;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.TestConfigs;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in warm-up (issue 15, cold start) in a daemon on free ports: synthetic calls over real
 * sockets through the listener, engine, routing and relay before {@code /ready}, and nothing of them
 * where customers' calls leave traces. The suite turns the warm-up off by default
 * ({@code softswitch.warmup.calls=0}); these daemons turn it on in their files.
 */
class WarmupTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void placesTheConfiguredCallsThroughTheRealPathBeforeReadyAndLeavesNoTrace() throws Exception {
        try (Daemon daemon = start("""
                warmup:
                  calls: 40
                  seconds: 60
                  concurrency: 4
                """)) {
            assertThat(daemon.readiness().report().ready()).as("not ready while warming up").isFalse();
            assertThat(daemon.readiness().report().components()).containsEntry("warmup", false);
            String ready = awaitReady(daemon);

            assertThat(ready).contains("\"warmup\":\"up\"",
                    "40 synthetic calls in", "40 completed, media relayed, setup p50");
            String metrics = get(daemon, "/metrics").body();
            // Through the daemon's own SIP listener: the node's message counters saw every INVITE and BYE...
            assertThat(sample(metrics, "sip_requests_total{method=\"INVITE\"}")).isGreaterThanOrEqualTo(40);
            assertThat(sample(metrics, "sip_requests_total{method=\"BYE\"}")).isGreaterThanOrEqualTo(40);
            // ...and no call meter, call record or attempt row knows of them.
            assertThat(metrics).doesNotContain("calls_total{", "call_attempts_total{");
            assertThat(sample(metrics, "call_setup_time_seconds_count")).isZero();
            assertThat(sample(metrics, "calls_active")).isZero();
            assertThat(rows(daemon, "calls")).isZero();
            assertThat(rows(daemon, "call_attempts")).isZero();
            assertThat(daemon.engine().activeCalls()).isZero();
        }
    }

    @Test
    void anInviteWithTheSecretFromAnotherSocketIsAnOrdinaryStrangersCall() throws Exception {
        try (Daemon daemon = start("""
                warmup:
                  calls: 1000000
                  seconds: 60
                  concurrency: 1
                calls:
                  drain_seconds: 0
                """)) {
            assertThat(daemon.readiness().report().ready()).isFalse();
            int sipPort = daemon.sipBindings().get(0).port();
            try (DatagramSocket forger = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                forger.setSoTimeout(5000);
                String sdp = "v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                        + "m=audio 40000 RTP/AVP 0\r\n";
                String invite = "INVITE sip:+14155550100@127.0.0.1:" + sipPort + " SIP/2.0\r\n"
                        + "Via: SIP/2.0/UDP 127.0.0.1:" + forger.getLocalPort() + ";branch=z9hG4bKforged"
                        + ThreadLocalRandom.current().nextInt(1 << 30) + ";rport\r\n"
                        + "Max-Forwards: 70\r\n"
                        + "From: <sip:+14155550199@127.0.0.1>;tag=f1\r\n"
                        + "To: <sip:+14155550100@127.0.0.1>\r\n"
                        + "Call-ID: forged-warmup@127.0.0.1\r\n"
                        + "CSeq: 1 INVITE\r\n"
                        + "Contact: <sip:forger@127.0.0.1:" + forger.getLocalPort() + ">\r\n"
                        + Warmup.HEADER + ": " + daemon.warmup().secret() + "\r\n"
                        + "Content-Type: application/sdp\r\n"
                        + "Content-Length: " + sdp.length() + "\r\n\r\n" + sdp;
                byte[] out = invite.getBytes(StandardCharsets.ISO_8859_1);
                forger.send(new DatagramPacket(out, out.length, new InetSocketAddress("127.0.0.1", sipPort)));

                int status = finalStatus(forger);
                // No trunk admits this source in the daemon's (empty) provisioning: the challenge or
                // refusal every stranger gets, not the warm-up's route to its answering endpoint.
                assertThat(status).isIn(403, 407);
            }
            assertThat(daemon.readiness().report().components()).containsEntry("warmup", false);
        }
    }

    @Test
    void aWarmUpWhoseCallsAllFailStillEndsReadyWithoutRecords() throws Exception {
        // Every port of the relay's range is taken: each synthetic call is refused (503, no media).
        List<DatagramSocket> taken = new ArrayList<>();
        int base = 0;
        for (int attempt = 0; attempt < 50 && taken.isEmpty(); attempt++) {
            base = 10000 + 2 * ThreadLocalRandom.current().nextInt(0, 4900);
            try {
                for (int p = base; p < base + 4; p++) {
                    taken.add(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), p)));
                }
            } catch (java.net.SocketException e) {
                taken.forEach(DatagramSocket::close);
                taken.clear();
            }
        }
        assertThat(taken).hasSize(4);
        String media = "media:\n  bind_address: 127.0.0.1\n  port_min: " + base + "\n  port_max: " + (base + 3) + "\n";
        try (Daemon daemon = start(media, """
                warmup:
                  calls: 10
                  seconds: 30
                  concurrency: 2
                """)) {
            String ready = awaitReady(daemon);
            assertThat(ready).contains("\"warmup\":\"up\"", "10 synthetic calls in", "0 completed, 10 failed (last: ");
            String metrics = get(daemon, "/metrics").body();
            assertThat(metrics).doesNotContain("calls_total{", "call_attempts_total{");
            assertThat(rows(daemon, "calls")).isZero();
        } finally {
            taken.forEach(DatagramSocket::close);
        }
    }

    private Daemon start(String warmupYaml) throws Exception {
        return start(FreePorts.mediaBlock(), warmupYaml);
    }

    private Daemon start(String mediaBlock, String warmupYaml) throws Exception {
        String yaml = TestConfigs.yaml(FreePorts.udpAndTcp(), mediaBlock) + warmupYaml;
        return Daemon.start(new ConfigLoader(n -> null).parse("warmup.yaml", yaml), dataDir);
    }

    /** Polls {@code /ready} until 200 (at most 60 s), "warmup":"down" until then; returns its body. */
    private static String awaitReady(Daemon daemon) {
        AtomicReference<String> body = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            HttpResponse<String> r = get(daemon, "/ready");
            body.set(r.body());
            if (r.statusCode() != 200) {
                assertThat(r.body()).contains("\"warmup\":\"down\"");
            }
            return r.statusCode() == 200;
        });
        return body.get();
    }

    private static HttpResponse<String> get(Daemon daemon, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the Prometheus sample named exactly {@code series}, 0 when absent. */
    private static long sample(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> (long) Double.parseDouble(l.substring(series.length() + 1).trim())).orElse(0L);
    }

    private static long rows(Daemon daemon, String table) {
        return daemon.provisioning().rows().jdbc().query("SELECT COUNT(*) FROM " + table, rs -> rs.getLong(1)).get(0);
    }

    /** The status of the first final response received, skipping provisional ones. */
    private static int finalStatus(DatagramSocket socket) throws Exception {
        byte[] buf = new byte[65_535];
        while (true) {
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(in);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no final response within 5 s");
            }
            String text = new String(in.getData(), 0, in.getLength(), StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(text.substring(8, 11));
            if (status >= 200) {
                return status;
            }
        }
    }
}
