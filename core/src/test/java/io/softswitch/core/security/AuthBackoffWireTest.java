package io.softswitch.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.softswitch.config.Provisioning;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.testing.FreePorts;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The svcrack defence on the wire: a password guesser at 127.0.0.4 tries one wrong password after
 * another as fast as the daemon answers (challenge, answer it, wait {@value #WAIT_MS} ms for the
 * verdict, next). With {@code auth_backoff_ms: 200} its k-th wrong guess opens a 200·2^(k-1) ms
 * window in which its guesses are dropped unchecked, and the 5th blocks it; a PBX at 127.0.0.2
 * with the right password, calling after each guess, is served throughout. The same guesser against a daemon without
 * back-off is the reference (5 guesses checked back to back, then the block).
 */
class AuthBackoffWireTest {
    private static final String DOMAIN = "acme.pstn.example.net";
    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret-Pa55";
    private static final String CRACKER = "127.0.0.4";
    private static final String PBX = "127.0.0.2";
    private static final int FAILURES_BEFORE_BLOCK = 5;
    private static final long BACKOFF_MS = 200;
    private static final long WAIT_MS = 400;

    @TempDir
    static Path tmp;
    static CountingCarrier carrier;
    static Daemon backoff;
    static Daemon reference;
    static int backoffPort;
    static int referencePort;
    static ListAppender<ILoggingEvent> guardLog;

    @BeforeAll
    static void start() throws Exception {
        guardLog = new ListAppender<>();
        guardLog.start();
        ((Logger) LoggerFactory.getLogger("io.softswitch.sip.internal.SourceGuard")).addAppender(guardLog);
        carrier = new CountingCarrier();
        backoffPort = FreePorts.udpAndTcp();
        backoff = Daemon.start(SecureDaemons.config(backoffPort, """
                auth_failures_before_block: %d
                auth_block_seconds: 300
                auth_backoff_ms: %d
                auth_backoff_max_ms: 5000
                """.formatted(FAILURES_BEFORE_BLOCK, BACKOFF_MS)), tmp.resolve("backoff"));
        backoff.snapshots().replace(provisioning());
        referencePort = FreePorts.udpAndTcp();
        reference = Daemon.start(SecureDaemons.config(referencePort, """
                auth_failures_before_block: %d
                auth_block_seconds: 300
                auth_backoff_ms: 0
                """.formatted(FAILURES_BEFORE_BLOCK)), tmp.resolve("reference"));
        reference.snapshots().replace(provisioning());
    }

    private static Provisioning provisioning() {
        return SecureDaemons.digestTrunkToCarrier(DOMAIN, USER, PASSWORD, carrier.port());
    }

    @AfterAll
    static void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger("io.softswitch.sip.internal.SourceGuard")).detachAppender(guardLog);
        for (Daemon d : new Daemon[] {backoff, reference}) {
            if (d != null) {
                d.close();
            }
        }
        if (carrier != null) {
            carrier.close();
        }
    }

    /** One guess: when it started, when it ended, and what came of it. */
    record Guess(long startNanos, long endNanos, String outcome) {
        static final String CHECKED = "403 Forbidden";
        static final String DROPPED = "dropped";
        static final String BLOCKED = "blocked";
    }

    /** Something to do after each guess (the PBX's calls), on the guesser's thread. */
    interface Between {
        void run() throws Exception;
    }

    /**
     * Guesses wrong passwords until the source is blocked (even the challenge goes unanswered) or
     * 30 s pass, running {@code between} after each guess.
     */
    private static List<Guess> crack(Daemon daemon, int port, Between between) throws Exception {
        List<Guess> guesses = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (RawPbx cracker = new RawPbx(CRACKER, port).timeout(Duration.ofMillis(WAIT_MS))) {
            for (int i = 0; System.nanoTime() < deadline; i++) {
                long t0 = System.nanoTime();
                List<String> finals = cracker.exchange(DOMAIN, "+14155550100", new RawPbx.Credentials(USER, "guess" + i));
                long t1 = System.nanoTime();
                if (finals.get(0) == null) {
                    if (blocked(daemon) > 0) {
                        guesses.add(new Guess(t0, t1, Guess.BLOCKED));
                        break;
                    }
                    continue; // a challenge slower than WAIT_MS on a busy machine: not a guess
                }
                assertThat(finals).hasSize(2);
                String verdict = finals.get(1);
                guesses.add(new Guess(t0, t1, verdict == null ? Guess.DROPPED : SipText.statusLine(verdict)));
                between.run();
            }
        }
        return guesses;
    }

    private static double blocked(Daemon d) {
        Counter c = d.metrics().registry().find("sip.sources.blocked").tag("reason", "auth-failures").counter();
        return c == null ? 0 : c.count();
    }

    private static double count(Daemon d, String name, String tag, String value) {
        var search = d.metrics().registry().find(name);
        Counter c = (tag == null ? search : search.tag(tag, value)).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void guessesAreCheckedOnlyAfterEachDoublingWindowThenTheSourceIsBlockedWhileAPbxIsServed() throws Exception {
        // The PBX calls once after each guess: during back-off windows and after the block.
        List<String> pbxCalls = new ArrayList<>();
        List<Guess> guesses;
        try (RawPbx legit = new RawPbx(PBX, backoffPort)) {
            guesses = crack(backoff, backoffPort, () -> pbxCalls.add(legit.call(DOMAIN,
                    "+1415555" + String.format("%04d", 200 + pbxCalls.size()), new RawPbx.Credentials(USER, PASSWORD))));
            pbxCalls.add(legit.call(DOMAIN, "+14155550199", new RawPbx.Credentials(USER, PASSWORD)));
        }
        List<Guess> checked = guesses.stream().filter(g -> g.outcome().equals(Guess.CHECKED)).toList();
        long dropped = guesses.stream().filter(g -> g.outcome().equals(Guess.DROPPED)).count();
        assertThat(guesses.get(guesses.size() - 1).outcome()).isEqualTo(Guess.BLOCKED);
        assertThat(guesses).extracting(Guess::outcome).containsOnly(Guess.CHECKED, Guess.DROPPED, Guess.BLOCKED);
        assertThat(checked).as("wrong passwords actually checked").hasSize(FAILURES_BEFORE_BLOCK);
        // After the k-th checked failure, the next check comes only once its window is over: the
        // (k+1)-th verdict arrives at least 200·2^(k-1) ms after the k-th guess was started.
        for (int k = 1; k < checked.size(); k++) {
            long gapMs = (checked.get(k).endNanos() - checked.get(k - 1).startNanos()) / 1_000_000;
            assertThat(gapMs).as("gap after failure %d", k).isGreaterThanOrEqualTo(BACKOFF_MS << (k - 1));
        }
        assertThat(dropped).as("guesses dropped unchecked").isPositive();
        assertThat(count(backoff, "sip.dropped", "reason", "auth-backoff")).isEqualTo((double) dropped);
        assertThat(count(backoff, "sip.auth.backoffs", null, null)).isEqualTo(FAILURES_BEFORE_BLOCK - 1.0);
        assertThat(blocked(backoff)).isEqualTo(1.0);
        assertThat(backoff.metrics().scrape()).contains("sip_auth_backoffs_total " + (FAILURES_BEFORE_BLOCK - 1.0));
        assertThat(guardLog.list).filteredOn(e -> e.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .filteredOn(m -> m.startsWith("blocking " + CRACKER + " "))
                .containsExactly("blocking " + CRACKER + " for 300 s: " + FAILURES_BEFORE_BLOCK
                        + " consecutive authentication failures (sip.security.auth_failures_before_block)");
        // The PBX on another address was never held back.
        assertThat(pbxCalls).isNotEmpty().containsOnly("486 Busy Here");
        assertThat(carrier.invites()).hasSize(pbxCalls.size());

        List<Guess> unthrottled = crack(reference, referencePort, () -> { });
        assertThat(unthrottled).extracting(Guess::outcome).containsExactly(Guess.CHECKED, Guess.CHECKED, Guess.CHECKED,
                Guess.CHECKED, Guess.CHECKED, Guess.BLOCKED);
        double withMs = (checked.get(checked.size() - 1).endNanos() - checked.get(0).startNanos()) / 1e6;
        double withoutMs = (unthrottled.get(FAILURES_BEFORE_BLOCK - 1).endNanos() - unthrottled.get(0).startNanos()) / 1e6;
        System.out.printf("auth back-off: %d guesses sent, %d checked in %.0f ms (%.2f checked/s); "
                + "without back-off %d checked in %.0f ms (%.0f checked/s)%n", guesses.size() - 1, checked.size(), withMs,
                (checked.size() - 1) * 1000 / withMs, FAILURES_BEFORE_BLOCK, withoutMs,
                (FAILURES_BEFORE_BLOCK - 1) * 1000 / withoutMs);
    }
}
