package io.softswitch.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.sip.SipEvents;
import io.softswitch.sip.SipSecurity;
import io.softswitch.sip.internal.SourceGuard.Action;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link SourceGuard} on a stepped clock (the wire behaviour is in core's SourceGuardWireTest). */
class SourceGuardTest {
    /** A literal address (no lookup). */
    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final SipEvents recorder = new SipEvents() {
        @Override
        public void requestDropped(String reason) {
            events.add("dropped:" + reason);
        }

        @Override
        public void sourceBlocked(String reason) {
            events.add("blocked:" + reason);
        }

        @Override
        public void authBackoff() {
            events.add("backoff");
        }
    };

    private SourceGuard guard(int limit, boolean reject, int authFailures, int maxSources) {
        SipSecurity s = new SipSecurity(true, limit, Duration.ofSeconds(1), Duration.ofSeconds(30), reject, authFailures,
                Duration.ofSeconds(300), true, SipSecurity.KNOWN_SCANNERS, maxSources);
        return new SourceGuard(s, recorder, now::get);
    }

    @Test
    void floodBeyondTheLimitBlocksTheSourceForTheBlockTime() {
        SourceGuard g = guard(5, false, 5, 100);
        for (int i = 0; i < 5; i++) {
            assertThat(g.admit(ip("192.0.2.1"), null).action()).isEqualTo(Action.ADMIT);
        }
        assertThat(g.admit(ip("192.0.2.1"), null).action()).isEqualTo(Action.DROP);
        assertThat(g.isBlocked(ip("192.0.2.1"))).isTrue();
        assertThat(events).containsExactly("blocked:rate-limit", "dropped:blocked");
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(g.admit(ip("192.0.2.1"), null).action()).isEqualTo(Action.DROP);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(g.isBlocked(ip("192.0.2.1"))).isFalse();
        assertThat(g.admit(ip("192.0.2.1"), null).action()).isEqualTo(Action.ADMIT);
    }

    @Test
    void requestsSpreadOverWindowsStayAdmitted() {
        SourceGuard g = guard(5, false, 5, 100);
        for (int i = 0; i < 50; i++) {
            assertThat(g.admit(ip("192.0.2.1"), null).action()).as("request %d", i).isEqualTo(Action.ADMIT);
            now.addAndGet(Duration.ofMillis(250).toNanos()); // 4 per second, limit 5 per second
        }
    }

    @Test
    void oneFloodingSourceDoesNotBlockAnother() {
        SourceGuard g = guard(5, false, 5, 100);
        for (int i = 0; i < 20; i++) {
            g.admit(ip("192.0.2.1"), null);
        }
        assertThat(g.admit(ip("192.0.2.2"), null).action()).isEqualTo(Action.ADMIT);
    }

    @Test
    void rejectModeAnswersWithTheBlockTimeLeft() {
        SourceGuard g = guard(1, true, 5, 100);
        g.admit(ip("192.0.2.1"), null);
        SourceGuard.Admission first = g.admit(ip("192.0.2.1"), null);
        assertThat(first.action()).isEqualTo(Action.REJECT);
        assertThat(first.retryAfterSeconds()).isEqualTo(30);
        now.addAndGet(Duration.ofSeconds(20).toNanos());
        assertThat(g.admit(ip("192.0.2.1"), null).retryAfterSeconds()).isEqualTo(10);
    }

    @Test
    void consecutiveAuthFailuresBlockTheSourceAndASuccessResetsTheCount() {
        SourceGuard g = guard(0, false, 3, 100);
        g.authFailed(ip("192.0.2.7"));
        g.authFailed(ip("192.0.2.7"));
        g.authSucceeded(ip("192.0.2.7"));
        g.authFailed(ip("192.0.2.7"));
        g.authFailed(ip("192.0.2.7"));
        assertThat(g.isBlocked(ip("192.0.2.7"))).isFalse();
        g.authFailed(ip("192.0.2.7"));
        assertThat(g.isBlocked(ip("192.0.2.7"))).isTrue();
        assertThat(events).containsExactly("blocked:auth-failures");
        assertThat(g.admit(ip("192.0.2.7"), null).action()).isEqualTo(Action.DROP);
        now.addAndGet(Duration.ofSeconds(301).toNanos());
        assertThat(g.isBlocked(ip("192.0.2.7"))).isFalse();
        assertThat(g.admit(ip("192.0.2.7"), null).action()).isEqualTo(Action.ADMIT);
    }

    /** Back-off 500 ms doubling up to 4 s, block for 300 s after {@code authFailures}. */
    private SourceGuard backoffGuard(int authFailures) {
        return new SourceGuard(backoffSettings(authFailures, 50), recorder, now::get);
    }

    private static SipSecurity backoffSettings(int authFailures, int maxSources) {
        return new SipSecurity(true, 0, Duration.ofSeconds(1), Duration.ofSeconds(30), false, authFailures,
                Duration.ofSeconds(300), true, SipSecurity.KNOWN_SCANNERS, maxSources, Duration.ofMillis(500),
                Duration.ofSeconds(4));
    }

    private void advanceMillis(long ms) {
        now.addAndGet(Duration.ofMillis(ms).toNanos());
    }

    @Test
    void backoffWindowDoublesWithEachFailureAndIsCapped() {
        SipSecurity s = backoffSettings(0, 50);
        assertThat(List.of(0, 1, 2, 3, 4, 5, 6, 100, Integer.MAX_VALUE).stream().map(s::authBackoffAfter).toList())
                .containsExactly(Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                        Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(4),
                        Duration.ofSeconds(4));
    }

    @Test
    void duringTheBackoffOnlyRequestsCarryingCredentialsAreDropped() {
        SourceGuard g = backoffGuard(5);
        g.authFailed(ip("192.0.2.7"));
        assertThat(g.isBackingOff(ip("192.0.2.7"))).isTrue();
        assertThat(g.admit(ip("192.0.2.7"), null, true)).isEqualTo(new SourceGuard.Admission(Action.DROP, "auth-backoff", 0));
        assertThat(g.admit(ip("192.0.2.7"), null, false).action()).as("no credentials: gets its challenge")
                .isEqualTo(Action.ADMIT);
        assertThat(g.admit(ip("192.0.2.8"), null, true).action()).as("another source").isEqualTo(Action.ADMIT);
        advanceMillis(499);
        assertThat(g.admit(ip("192.0.2.7"), null, true).action()).isEqualTo(Action.DROP);
        advanceMillis(1);
        assertThat(g.admit(ip("192.0.2.7"), null, true).action()).isEqualTo(Action.ADMIT);
        assertThat(events).containsExactly("backoff", "dropped:auth-backoff", "dropped:auth-backoff");
    }

    @Test
    void eachFailureInARowDoublesTheWindowUntilTheBlock() {
        SourceGuard g = backoffGuard(5);
        long[] windows = {500, 1000, 2000, 4000};
        for (long w : windows) {
            g.authFailed(ip("192.0.2.7"));
            advanceMillis(w - 1);
            assertThat(g.admit(ip("192.0.2.7"), null, true).action()).as("%d ms window, 1 ms before its end", w)
                    .isEqualTo(Action.DROP);
            advanceMillis(1);
            assertThat(g.admit(ip("192.0.2.7"), null, true).action()).as("%d ms window over", w).isEqualTo(Action.ADMIT);
        }
        assertThat(g.isBlocked(ip("192.0.2.7"))).isFalse();
        g.authFailed(ip("192.0.2.7")); // the 5th: blocked, whatever the request carries
        assertThat(g.isBlocked(ip("192.0.2.7"))).isTrue();
        assertThat(g.admit(ip("192.0.2.7"), null, false).action()).isEqualTo(Action.DROP);
        assertThat(events).filteredOn(e -> !e.startsWith("dropped"))
                .containsExactly("backoff", "backoff", "backoff", "backoff", "blocked:auth-failures");
        advanceMillis(300_000);
        assertThat(g.admit(ip("192.0.2.7"), null, true).action()).as("block over, count restarted")
                .isEqualTo(Action.ADMIT);
        g.authFailed(ip("192.0.2.7"));
        advanceMillis(500);
        assertThat(g.isBackingOff(ip("192.0.2.7"))).as("first window of a new streak is the base again").isFalse();
    }

    @Test
    void aSuccessEndsTheBackoffAndResetsTheCount() {
        SourceGuard g = backoffGuard(5);
        g.authFailed(ip("192.0.2.7"));
        g.authFailed(ip("192.0.2.7"));
        g.authFailed(ip("192.0.2.7"));
        g.authSucceeded(ip("192.0.2.7"));
        assertThat(g.isBackingOff(ip("192.0.2.7"))).isFalse();
        assertThat(g.admit(ip("192.0.2.7"), null, true).action()).isEqualTo(Action.ADMIT);
        g.authFailed(ip("192.0.2.7"));
        advanceMillis(500);
        assertThat(g.isBackingOff(ip("192.0.2.7"))).as("back to the 500 ms base").isFalse();
    }

    @Test
    void aStreakGoesColdAfterTheAuthBlockTimeWithoutFailures() {
        SourceGuard g = backoffGuard(3);
        g.authFailed(ip("192.0.2.7"));
        g.authFailed(ip("192.0.2.7"));
        advanceMillis(300_000);
        g.authFailed(ip("192.0.2.7"));
        assertThat(g.isBlocked(ip("192.0.2.7"))).as("the two old failures no longer count").isFalse();
        advanceMillis(499);
        assertThat(g.isBackingOff(ip("192.0.2.7"))).isTrue();
        advanceMillis(1);
        assertThat(g.isBackingOff(ip("192.0.2.7"))).as("first failure of a new streak: base window").isFalse();
    }

    @Test
    void withoutBlockingTheCappedBackoffStillLimitsTheCheckedAttempts() {
        SourceGuard g = backoffGuard(0);
        for (int i = 0; i < 40; i++) {
            g.authFailed(ip("192.0.2.7"));
        }
        assertThat(g.isBlocked(ip("192.0.2.7"))).isFalse();
        advanceMillis(3999);
        assertThat(g.admit(ip("192.0.2.7"), null, true).action()).isEqualTo(Action.DROP);
        advanceMillis(1);
        assertThat(g.admit(ip("192.0.2.7"), null, true).action()).isEqualTo(Action.ADMIT);
        assertThat(events).doesNotContain("blocked:auth-failures");
    }

    @Test
    void backoffOffMeansNoWindowButTheBlockStillComes() {
        SourceGuard g = guard(0, false, 2, 100);
        g.authFailed(ip("192.0.2.7"));
        assertThat(g.isBackingOff(ip("192.0.2.7"))).isFalse();
        assertThat(g.admit(ip("192.0.2.7"), null, true).action()).isEqualTo(Action.ADMIT);
        g.authFailed(ip("192.0.2.7"));
        assertThat(g.isBlocked(ip("192.0.2.7"))).isTrue();
        assertThat(events).containsExactly("blocked:auth-failures");
    }

    @Test
    void sourcesWithColdStreaksAreSweptSoTheTableStaysBounded() {
        SourceGuard g = backoffGuard(5);
        for (int i = 0; i < 50; i++) {
            g.authFailed(ip("10.0.0." + i));
        }
        assertThat(g.trackedSources()).isEqualTo(50);
        g.authFailed(ip("10.0.1.1")); // table full: not tracked, not backing off
        assertThat(g.isBackingOff(ip("10.0.1.1"))).isFalse();
        advanceMillis(300_000);
        g.authFailed(ip("10.0.1.1")); // the cold streaks are swept to make room
        assertThat(g.trackedSources()).isEqualTo(1);
        assertThat(g.isBackingOff(ip("10.0.1.1"))).isTrue();
    }

    @Test
    void scannerUserAgentsAreDroppedWhateverTheirCase() {
        SourceGuard g = guard(0, false, 0, 100);
        assertThat(g.admit(ip("192.0.2.9"), "User-Agent: friendly-scanner").action()).isEqualTo(Action.DROP);
        assertThat(g.admit(ip("192.0.2.9"), "User-Agent: SIPVicious 0.3.3").action()).isEqualTo(Action.DROP);
        assertThat(g.admit(ip("192.0.2.9"), "User-Agent: Asterisk PBX 20.5.0").action()).isEqualTo(Action.ADMIT);
        assertThat(events).containsExactly("dropped:scanner", "dropped:scanner");
    }

    @Test
    void scannerDropCanBeSwitchedOff() {
        SipSecurity s = new SipSecurity(true, 0, Duration.ofSeconds(1), Duration.ofSeconds(1), false, 0,
                Duration.ofSeconds(1), false, SipSecurity.KNOWN_SCANNERS, 100);
        assertThat(new SourceGuard(s, recorder, now::get).admit(ip("192.0.2.9"), "friendly-scanner").action())
                .isEqualTo(Action.ADMIT);
    }

    @Test
    void trackedSourcesStayWithinTheBound() {
        SourceGuard g = guard(100, false, 5, 50);
        for (int i = 0; i < 5000; i++) {
            assertThat(g.admit(ip("10.0." + (i / 250) + "." + (i % 250)), null).action()).isEqualTo(Action.ADMIT);
        }
        assertThat(g.trackedSources()).isLessThanOrEqualTo(50);
        now.addAndGet(Duration.ofSeconds(2).toNanos()); // every window over: idle entries are swept
        for (int i = 0; i < 10; i++) {
            g.admit(ip("198.51.100." + i), null);
        }
        assertThat(g.trackedSources()).isLessThanOrEqualTo(11);
    }
}
