package io.softswitch.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.softswitch.config.Provisioning;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.testing.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Debian's SIPVicious against in-process daemons with one digest trunk ({@code alice} on
 * {@code acme.pstn.example.net}). {@code open} and {@code cracked} do not drop scanner User-Agents
 * (so the tools get answers and we can see what the answers tell them); {@code guarded} runs the
 * default screen. {@code cracked} backs off after each wrong password (the default 500 ms, doubling). The tools always send from 127.0.0.1, so svcrack, which gets that address
 * blocked, has a daemon of its own.
 */
class SipViciousTest {
    private static final String DOMAIN = "acme.pstn.example.net";
    private static final String USER = "alice";
    private static final String PASSWORD = "1015";
    private static final int FAILURES_BEFORE_BLOCK = 5;

    @TempDir
    static Path tmp;
    static CountingCarrier carrier;
    static CountingCarrier crackedCarrier;
    static Daemon open;
    static Daemon guarded;
    static Daemon cracked;
    static int crackedPort;
    static int openPort;
    static int guardedPort;
    static ListAppender<ILoggingEvent> guardLog;

    @BeforeAll
    static void start() throws Exception {
        guardLog = new ListAppender<>();
        guardLog.start();
        ((Logger) LoggerFactory.getLogger("io.softswitch.sip.internal.SourceGuard")).addAppender(guardLog);
        carrier = new CountingCarrier();
        crackedCarrier = new CountingCarrier();
        openPort = FreePorts.udpAndTcp();
        open = Daemon.start(SecureDaemons.config(openPort, "drop_scanners: false"), tmp.resolve("open"));
        open.snapshots().replace(provisioning(carrier));
        crackedPort = FreePorts.udpAndTcp();
        cracked = Daemon.start(SecureDaemons.config(crackedPort, """
                drop_scanners: false
                auth_failures_before_block: %d
                auth_block_seconds: 300
                auth_backoff_ms: 500
                """.formatted(FAILURES_BEFORE_BLOCK)), tmp.resolve("cracked"));
        cracked.snapshots().replace(provisioning(crackedCarrier));
        guardedPort = FreePorts.udpAndTcp();
        guarded = Daemon.start(SecureDaemons.config(guardedPort, "drop_scanners: true"), tmp.resolve("guarded"));
        guarded.snapshots().replace(provisioning(carrier));
    }

    private static Provisioning provisioning(CountingCarrier carrier) {
        return SecureDaemons.digestTrunkToCarrier(DOMAIN, USER, PASSWORD, carrier.port());
    }

    @AfterAll
    static void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger("io.softswitch.sip.internal.SourceGuard")).detachAppender(guardLog);
        for (Daemon d : new Daemon[] {open, guarded, cracked}) {
            if (d != null) {
                d.close();
            }
        }
        for (CountingCarrier c : new CountingCarrier[] {carrier, crackedCarrier}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void svwarOnTheTrunkDomainGetsTheSameChallengeForEveryExtensionAndFindsNothing() throws Exception {
        String out = SipVicious.run(tmp, "svwar", openPort, "-m", "INVITE", "--domain", DOMAIN, "-e100-110",
                "-t", "0.05");
        // Its first probe is a random extension that cannot exist; it is challenged like every other.
        assertThat(out).contains("SIP server replied with an authentication request for an unknown extension")
                .doesNotContain("exists");
        // Forced on, it sees each extension answered exactly like the one that cannot exist.
        String forced = SipVicious.run(tmp, "svwar", openPort, "-m", "INVITE", "--domain", DOMAIN, "-e100-110",
                "--force", "-t", "0.05");
        assertThat(forced).contains("found nothing").doesNotContain("exists").doesNotContain("reqauth");
        assertThat(carrier.invites()).isEmpty();
    }

    @Test
    void svwarByAddressFindsNothingWithAnyMethod() throws Exception {
        for (String method : List.of("INVITE", "REGISTER", "OPTIONS")) {
            String out = SipVicious.run(tmp, "svwar", openPort, "-m", method, "-e100-110", "-t", "0.05", "--force");
            assertThat(out).as(method).contains("found nothing").doesNotContain("exists");
        }
        assertThat(carrier.invites()).isEmpty();
    }

    /**
     * svwar with a list of real and made-up names and extensions ({@code alice} is the trunk's real
     * user), on the real trunk domain and on a look-alike that does not exist: every method (INVITE
     * with and without {@code --force}) prints the same report for both, and that report lists nothing.
     */
    @Test
    void svwarReportsTheSameForARealAndAMadeUpTrunkDomain() throws Exception {
        Path names = Files.createTempFile(tmp, "extensions", ".txt");
        Files.write(names, List.of(USER, "bob", "admin", "100", "1000", "1001", "+14155550100", "14155550100"));
        for (String method : List.of("INVITE", "REGISTER", "OPTIONS")) {
            // Only a challenge makes --force change anything (svwar stops at a challenged random probe).
            for (boolean force : method.equals("INVITE") ? new boolean[] {false, true} : new boolean[] {true}) {
                List<String> reports = new java.util.ArrayList<>();
                for (String domain : List.of(DOMAIN, "acme.pstn.example.org")) {
                    List<String> args = new java.util.ArrayList<>(List.of("-m", method, "--domain", domain, "-d",
                            names.toString(), "-t", "0.05"));
                    if (force) {
                        args.add("--force");
                    }
                    reports.add(report(SipVicious.run(tmp, "svwar", openPort, args.toArray(String[]::new))));
                }
                assertThat(reports).as("%s%s", method, force ? " --force" : "").containsOnly(reports.get(0));
                assertThat(reports.get(0)).as("%s%s", method, force ? " --force" : "").doesNotContain("exists")
                        .doesNotContain("reqauth").doesNotContain("noauth").doesNotContain("weird");
            }
        }
        assertThat(carrier.invites()).isEmpty();
    }

    /**
     * What svwar concluded: its output without timings, and the raw responses it dumps cut to their
     * status line (the rest echoes its own random Call-IDs, tags and the domain it was given).
     */
    private static String report(String out) {
        return out.lines()
                .filter(l -> !l.contains("Total time"))
                .map(l -> l.replaceAll("(Response: '?SIP/2\\.0 [^\\\\]*)\\\\r\\\\n.*", "$1"))
                .map(l -> l.replaceAll("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d+", "<time>"))
                .reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void svcrackBacksOffThenIsBlockedAfterTheConfiguredAuthenticationFailures() throws Exception {
        // svcrack guesses as fast as challenges come back (every few ms). From its first wrong
        // guess on, the source backs off (0.5, 1, 2, 4 s) and the guesses sent meanwhile are dropped
        // unchecked: the right password, guesses 11 to 15 (well inside the first 500 ms), is never
        // checked. The 5th checked guess blocks the source.
        Path dictionary = Files.createTempFile(tmp, "passwords", ".txt");
        List<String> words = new java.util.ArrayList<>(IntStream.range(0, 20_000).mapToObj(i -> "x" + i).toList());
        for (int i = 10; i < 15; i++) {
            words.set(i, PASSWORD);
        }
        Files.write(dictionary, words);
        String crackFrom = "127.0.0.1";
        String out;
        try (SipVicious svcrack = SipVicious.start(tmp, "svcrack", crackedPort, "-m", "INVITE", "--domain", DOMAIN,
                "-u", USER, "-d", dictionary.toString())) {
            Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> blockedForAuth(cracked) > 0);
            // Blocked means no answer at all, even to the right password, and no call reaches the carrier.
            try (RawPbx cracker = new RawPbx(crackFrom, crackedPort).timeout(Duration.ofMillis(1500))) {
                assertThat(cracker.call(DOMAIN, "+14155550100", new RawPbx.Credentials(USER, PASSWORD)))
                        .isEqualTo("timeout");
            }
            out = svcrack.stop();
        }
        assertThat(out).doesNotContain("The password for");
        assertThat(crackedCarrier.invites()).isEmpty();
        assertThat(blockedForAuth(cracked)).isEqualTo(1.0);
        var registry = cracked.metrics().registry();
        assertThat(registry.get("sip.auth.backoffs").counter().count()).isEqualTo(FAILURES_BEFORE_BLOCK - 1.0);
        double dropped = registry.get("sip.dropped").tag("reason", "auth-backoff").counter().count();
        // svcrack sent far more guesses than were checked: every other one went into a back-off window.
        assertThat(dropped).isGreaterThan(10.0 * FAILURES_BEFORE_BLOCK);
        System.out.printf("svcrack: %d guesses checked, %.0f dropped unchecked during back-off, then blocked%n",
                FAILURES_BEFORE_BLOCK, dropped);
        assertThat(cracked.metrics().scrape()).contains("sip_sources_blocked_total{reason=\"auth-failures\"} 1.0")
                .contains("sip_auth_backoffs_total 4.0");
        assertThat(guardLog.list).filteredOn(e -> e.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).startsWith("blocking " + crackFrom + " for 300 s: "
                        + FAILURES_BEFORE_BLOCK + " consecutive authentication failures"));
        // Other sources are still served.
        try (RawPbx pbx = new RawPbx("127.0.0.25", crackedPort)) {
            assertThat(pbx.call(DOMAIN, "+14155550101", new RawPbx.Credentials(USER, PASSWORD)))
                    .isEqualTo("486 Busy Here");
        }
        assertThat(crackedCarrier.invites()).containsExactly("+14155550101");
    }

    private static double blockedForAuth(Daemon d) {
        var c = d.metrics().registry().find("sip.sources.blocked").tag("reason", "auth-failures").counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void withScannerDropOnSvwarAndSvcrackGetNoAnswerAtAll() throws Exception {
        Path dictionary = Files.createTempFile(tmp, "passwords", ".txt");
        Files.write(dictionary, List.of("1000", "1001", PASSWORD));
        String war = SipVicious.run(tmp, "svwar", guardedPort, "-m", "INVITE", "--domain", DOMAIN, "-e100-110",
                "-t", "0.05");
        assertThat(war).contains("timed out").contains("found nothing").doesNotContain("exists");
        String crack = SipVicious.run(tmp, "svcrack", guardedPort, "-m", "INVITE", "--domain", DOMAIN, "-u", USER,
                "-d", dictionary.toString());
        assertThat(crack).contains("no server response").doesNotContain("The password for");
        assertThat(guarded.metrics().registry().get("sip.dropped").tag("reason", "scanner").counter().count())
                .isGreaterThanOrEqualTo(2.0);
    }
}
