package io.softswitch.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.softswitch.core.testing.ApiClient;
import io.softswitch.core.testing.ApiClient.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 22, finding 7: the probe sent 300 wrong auth tokens in 0.11 s, every one checked, nothing
 * logged. Now a source's failures back off (doubling) and then block it, with a WARN and
 * {@code api_sources_blocked_total}; another address is served throughout. Driven by Java's HTTP
 * client from 127.0.0.1 and, for the other address, raw HTTP/1.1 from 127.0.0.2.
 */
class ApiAuthThrottleTest {
    static Tenants env;

    @BeforeAll
    static void start() throws Exception {
        env = new Tenants("""
                tenancy:
                  api_auth_failures_before_block: 5
                  api_auth_block_seconds: 60
                  api_auth_backoff_ms: 20
                  api_auth_backoff_max_ms: 100
                """);
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void wrongTokensFromOneSourceAreThrottledThenBlockedWhileOtherSourcesAreServed() throws Exception {
        String path = "/2010-04-01/Accounts/" + env.mainSid + ".json";
        ApiClient guesser = env.main.as(env.mainSid, "0".repeat(32));
        int checked = 0;
        int throttled = 0;
        for (int i = 0; i < 300; i++) {
            Reply r = guesser.get(path);
            if (r.status() == 401) {
                checked++;
            } else {
                assertThat(r.status()).as("%s", r).isEqualTo(429);
                assertThat(r.json().get("code").asInt()).isEqualTo(20429);
                throttled++;
            }
        }
        // 5 failures were checked (the block), everything else was refused unchecked.
        assertThat(checked).isLessThanOrEqualTo(5);
        assertThat(throttled).isGreaterThanOrEqualTo(295);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> {
            for (int i = 0; i < 10 && guesser.get(path).status() == 401; i++) {
                // a slow machine checked fewer than 5 in the loop above: keep failing until blocked
            }
            return blocks() == 1;
        });
        // Blocked: even the right token from that address waits.
        Reply right = env.main.get(path);
        assertThat(right.status()).isEqualTo(429);
        assertThat(right.body()).doesNotContain(env.mainToken);
        // Another address is served.
        assertThat(rawGet("127.0.0.2", path, env.mainSid, env.mainToken)).startsWith("HTTP/1.1 200");
        assertThat(rawGet("127.0.0.2", path, env.mainSid, "1".repeat(32))).startsWith("HTTP/1.1 401");
    }

    private static double blocks() {
        Counter c = env.daemon.metrics().registry().find("api.sources.blocked").counter();
        return c == null ? 0 : c.count();
    }

    /** A GET over a socket bound to {@code localIp}; returns the status line. */
    private static String rawGet(String localIp, String path, String user, String token) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(localIp), 0));
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), env.daemon.httpPort()), 2000);
            s.setSoTimeout(5000);
            String auth = Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic " + auth
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return response.lines().findFirst().orElse("");
        }
    }
}
