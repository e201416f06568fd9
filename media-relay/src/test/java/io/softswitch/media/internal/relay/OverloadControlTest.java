package io.softswitch.media.internal.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.media.MediaEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The shedding policy of {@link OverloadControl} on a synthetic clock: which sessions, when, how
 * many, and when they come back. (Sockets and a real loop: {@link OverloadProtectionTest}.)
 */
class OverloadControlTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long LIMIT = 50 * MS;

    private final List<String> decisions = new ArrayList<>();
    private final OverloadControl control = new OverloadControl(LIMIT, new MediaEvents() {
        @Override
        public void sessionShed(String label, boolean shed) {
            decisions.add(label + (shed ? ":shed" : ":resumed"));
        }
    });
    private final List<FakeSession> sessions = IntStream.range(0, 16).mapToObj(i -> new FakeSession("s" + i)).toList();
    private long now = 1_000 * MS;

    OverloadControlTest() {
        sessions.forEach(control::admit);
    }

    /** A pass that processed sockets for {@code activeMs} right after the previous one (no wait). */
    private void busyPass(long activeMs) {
        now += activeMs * MS;
        control.passEnded(0, false, activeMs * MS, now);
    }

    /** A pass that waited for I/O {@code waitMs} and processed for 1 ms: a loop keeping up. */
    private void idlePass(long waitMs) {
        now += (waitMs + 1) * MS;
        control.passEnded(0, true, MS, now);
    }

    private List<String> shed() {
        return sessions.stream().filter(FakeSession::isShed).map(FakeSession::label).toList();
    }

    @Test
    void oneLatePassShedsNothing() {
        busyPass(400); // a GC pause or a descheduled thread
        idlePass(5);
        idlePass(5);
        assertThat(shed()).isEmpty();
    }

    @Test
    void aLagThatLastsShedsTheNewestSessionsInProportionToTheExcess() {
        busyPass(100);
        busyPass(100);
        // third pass in a row, not shorter: lag 200 ms; the passes do not grow (the excess cannot be
        // read from them), so the part above the trigger, halved: (200-25)/200/2, at most a quarter of 16 = 4
        busyPass(100);
        assertThat(shed()).containsExactly("s12", "s13", "s14", "s15");
        // the kept sessions' queues are as old as the lag: discarded, once
        assertThat(sessions.stream().filter(f -> f.backlogDiscarded > 0).map(FakeSession::label))
                .containsExactly("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11");
        busyPass(100); // held: the loop gets one more such pass before shedding more
        assertThat(shed()).hasSize(4);
        assertThat(sessions).noneMatch(f -> f.discarding); // one pass of discarding only
    }

    @Test
    void twoLatePassesShedNothing() {
        busyPass(500);
        busyPass(1_000); // e.g. cold code relaying the first packets of many new sessions
        idlePass(5);
        assertThat(shed()).isEmpty();
    }

    @Test
    void aLoopCatchingUpAfterAPauseShedsNothing() {
        // A 400 ms pause at 70 % utilization: each pass relays what arrived during the previous
        // one, 70 % as long, lag above the limit for five passes, 1.3 s
        long pass = 400;
        while (pass > 5) {
            busyPass(pass);
            pass = pass * 7 / 10;
        }
        idlePass(5);
        assertThat(shed()).isEmpty();
        assertThat(decisions).isEmpty();
    }

    @Test
    void aLoopAtEightyFivePercentCatchingUpAfterAPauseShedsNothing() {
        // A 120 ms pause at 85 % utilization: each pass 85 % as long as the previous one, lag above the
        // trigger for a dozen passes; late for a while, but catching up with nothing in excess
        double pass = 120;
        while (pass > 2) {
            busyPass((long) pass);
            pass *= 0.85;
        }
        idlePass(5);
        assertThat(shed()).isEmpty();
    }

    @Test
    void aLateLoopThatFindsItsSocketsEmptyBetweenPassesShedsNothing() {
        // 80 ms passes (a core shared with other processes), each after a wait for I/O: late, but
        // keeping up with what arrives
        for (int i = 0; i < 50; i++) {
            now += 1 * MS;
            control.passEnded(0, true, 80 * MS, now + 80 * MS);
            now += 80 * MS;
        }
        assertThat(shed()).isEmpty();
    }

    @Test
    void aLoopFallingFurtherBehindEveryPassSheds() {
        long pass = 20;
        while (shed().isEmpty() && pass < 10_000) {
            busyPass(pass);
            pass = pass * 3 / 2; // 1.5x its capacity offered: each pass 1.5x as long as the previous
        }
        assertThat(shed()).isNotEmpty().doesNotContain("s0");
        assertThat(pass).as("shed within three passes of exceeding the limit").isLessThanOrEqualTo(20 * 81 / 8);
    }

    @Test
    void theOldestSessionIsNeverShed() {
        for (int i = 0; i < 50; i++) {
            busyPass(1_000);
        }
        assertThat(shed()).hasSize(15).doesNotContain("s0");
    }

    @Test
    void afterACalmSecondTheOldestShedSessionsComeBackAQuarterAtATime() {
        busyPass(100);
        busyPass(100);
        busyPass(100);
        assertThat(shed()).hasSize(4);
        decisions.clear();
        for (int i = 0; i < 20; i++) {
            idlePass(40); // 820 ms of a loop keeping up: not yet calm for a second
        }
        assertThat(shed()).hasSize(4);
        for (int i = 0; i < 10; i++) {
            idlePass(40); // past the calm second: one resume step, an eighth of 4, at least 1, the oldest first
        }
        assertThat(decisions).first().isEqualTo("s12:resumed");
        for (int i = 0; i < 200; i++) {
            idlePass(40);
        }
        assertThat(shed()).isEmpty();
        assertThat(decisions).containsExactly("s12:resumed", "s13:resumed", "s14:resumed", "s15:resumed");
    }

    @Test
    void aLoopOfferedAQuarterMoreThanItsCapacityShedsTheExcessBeforeTheLagReachesTheLimit() {
        OverloadControl control = new OverloadControl(LIMIT, MediaEvents.NONE);
        List<FakeSession> many = IntStream.range(0, 200).mapToObj(i -> new FakeSession("m" + i)).toList();
        many.forEach(control::admit);
        // 1.25x its capacity offered: each pass relays what arrived during the previous one, 1.25x as long
        double pass = 2 * MS;
        long lagAtShedding = 0;
        while (many.stream().noneMatch(FakeSession::isShed) && pass < 10_000 * MS) {
            long previous = (long) (pass / 1.25);
            now += (long) pass;
            control.passEnded(0, false, (long) pass, now);
            lagAtShedding = (long) pass + previous;
            pass *= 1.25;
        }
        long shed = many.stream().filter(FakeSession::isShed).count();
        // the excess is 1 - 1/1.25 = 20 % of what is offered; 97 % of the capacity is kept: 1 - 0.97/1.25,
        // the growth averaged over the passes since the lag went over the trigger
        assertThat(shed).isEqualTo((long) Math.ceil(200 * (1 - OverloadControl.TARGET_LOAD / 1.25)));
        assertThat(lagAtShedding).as("lag when it shed").isLessThanOrEqualTo(LIMIT);
        assertThat(many.subList(0, 150)).noneMatch(FakeSession::isShed); // the newest went
    }

    @Test
    void oneLongPassDoesNotShedMoreThanAQuarter() {
        OverloadControl control = new OverloadControl(LIMIT, MediaEvents.NONE);
        List<FakeSession> many = IntStream.range(0, 100).mapToObj(i -> new FakeSession("m" + i)).toList();
        many.forEach(control::admit);
        // passes just over the trigger, then one three times as long (it spanned a descheduling)
        for (long pass : new long[] {14, 15, 16, 48}) {
            now += pass * MS;
            control.passEnded(0, false, pass * MS, now);
        }
        long shed = many.stream().filter(FakeSession::isShed).count();
        assertThat(shed).isPositive().isLessThanOrEqualTo((long) (100 * OverloadControl.MAX_SHED_SHARE));
    }

    @Test
    void aPauseNowAndThenDoesNotKeepShedSessionsOut() {
        busyPass(100);
        busyPass(100);
        busyPass(100);
        assertThat(shed()).hasSize(4);
        // a loop keeping up, paused for 40 ms every half second (GC, JIT on the same core)
        for (int i = 0; i < 1_000 && !shed().isEmpty(); i++) {
            if (i % 50 == 49) {
                busyPass(40);
            } else {
                idlePass(9);
            }
        }
        assertThat(shed()).isEmpty();
    }

    @Test
    void aLoopThatStaysBusyTakesNoShedSessionBack() {
        busyPass(100);
        busyPass(100);
        busyPass(100);
        assertThat(shed()).hasSize(4);
        decisions.clear();
        // calm (no lag over the trigger) but 90 % busy with the 12 sessions it kept: one more would
        // not fit below RESUME_LOAD
        for (int i = 0; i < 300; i++) {
            now += 1 * MS;
            control.passEnded(0, true, 9 * MS, now + 9 * MS);
            now += 9 * MS;
        }
        assertThat(decisions).isEmpty();
        assertThat(shed()).hasSize(4);
    }

    @Test
    void aShedSoonAfterAResumeDoublesTheCalmPeriod() {
        busyPass(100);
        busyPass(100);
        busyPass(100);
        assertThat(shed()).hasSize(4);
        long shedAt = now;
        long resumedAt = calmUntilAResume();
        assertThat(resumedAt - shedAt).as("first calm period").isBetween(OverloadControl.CALM_NANOS,
                OverloadControl.CALM_NANOS + 100 * MS);
        // the session taken back overloads the loop again at once
        busyPass(100);
        busyPass(100);
        busyPass(100);
        long shedAgainAt = now;
        assertThat(calmUntilAResume() - shedAgainAt).as("backed-off calm period")
                .isBetween(2 * OverloadControl.CALM_NANOS, 2 * OverloadControl.CALM_NANOS + 100 * MS);
    }

    /** Idle passes until a shed session is taken back; returns when. */
    private long calmUntilAResume() {
        int before = shed().size();
        while (shed().size() == before) {
            idlePass(9);
        }
        return now;
    }

    @Test
    void aLoopWithOneSessionShedsAndDiscardsNothing() {
        OverloadControl single = new OverloadControl(LIMIT, MediaEvents.NONE);
        FakeSession only = new FakeSession("only");
        single.admit(only);
        for (int i = 0; i < 10; i++) {
            now += 1_000 * MS;
            single.passEnded(0, false, 1_000 * MS, now);
        }
        assertThat(only.isShed()).isFalse();
        assertThat(only.backlogDiscarded).isZero();
    }

    @Test
    void aClosedShedSessionLeavesTheCount() {
        busyPass(100);
        busyPass(100);
        busyPass(100);
        sessions.stream().filter(FakeSession::isShed).forEach(control::remove);
        assertThat(control.shedSessions()).isZero();
    }

    @Test
    void zeroDisablesIt() {
        OverloadControl off = new OverloadControl(0, MediaEvents.NONE);
        sessions.forEach(off::admit);
        for (int i = 0; i < 10; i++) {
            now += 1_000 * MS;
            off.passEnded(0, false, 1_000 * MS, now);
        }
        assertThat(shed()).isEmpty();
    }
}
