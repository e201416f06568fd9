package io.softswitch.core.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.call.CallStatus;
import io.softswitch.core.call.CallSummary;
import io.softswitch.core.call.Direction;
import io.softswitch.core.call.HangupBy;
import io.softswitch.core.call.LiveCall;
import io.softswitch.core.call.LiveMedia;
import io.softswitch.core.call.MediaSummary;
import io.softswitch.core.call.OutboundInvite;
import io.softswitch.media.LatencyHistogram;
import io.softswitch.sip.SipStatus;
import io.softswitch.sip.SipUri;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dashboard's per-trunk and per-carrier minutes, counted from the engine's call events. */
class CallTrafficTest {
    private Instant now = Instant.parse("2026-12-02T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private static OutboundInvite attempt(String carrier) {
        return new OutboundInvite(SipUri.parse("sip:127.0.0.1:5099"), "14155550100", "14155550199", null, List.of(), null,
                null, 1000, c -> true, carrier, "GW1");
    }

    private void call(CallTraffic t, String sid, String trunk, String carrier, boolean answered, long pddMs) {
        OutboundInvite a = attempt(carrier);
        t.attemptStarted(sid, a);
        t.postDialDelay(sid, pddMs * 1_000_000);
        t.attemptEnded(sid, a, answered ? SipStatus.OK : SipStatus.BUSY_HERE);
        t.callEnded(new CallSummary(sid, Direction.TRUNKING_TERMINATING, "AC1", trunk, "+1", "+2",
                answered ? CallStatus.COMPLETED : CallStatus.BUSY, now, answered ? now : null, now, "cid", carrier, "GW1", 1,
                answered ? 200 : 486, HangupBy.CALLER, MediaSummary.NONE));
    }

    @Test
    void aMinuteHoldsEachTrunksAndCarriersRateAsrPddAndConcurrentCalls() {
        CallTraffic t = new CallTraffic(clock);
        call(t, "CA1", "TK1", "BY1", true, 100);
        call(t, "CA2", "TK1", "BY2", false, 300);
        call(t, "CA3", "TK2", "BY1", true, 200);
        now = now.plusSeconds(60);
        LiveCall up = new LiveCall("CA4", "AC1", "+1", "+2", "TK2", "BY1", "GW1", "answered", now, now, "c", null);
        t.sample(List.of(up));

        CallTraffic.Snapshot m = t.series(List.of()).get(0);
        assertThat(m.trunks().get("TK1")).isEqualTo(new CallTraffic.Minute(2 / 60.0, 0, 0.5, 200, Double.NaN));
        assertThat(m.trunks().get("TK2")).isEqualTo(new CallTraffic.Minute(1 / 60.0, 1, 1.0, 200, Double.NaN));
        assertThat(m.carriers().get("BY1")).isEqualTo(new CallTraffic.Minute(2 / 60.0, 1, 1.0, 150, Double.NaN));
        assertThat(m.carriers().get("BY2").asr()).isZero();

        CallTraffic.Snapshot next = t.series(List.of()).get(1);
        assertThat(next.trunks()).as("the minute in progress starts empty").isEmpty();
    }

    /** {@code n} latency samples of {@code micros} µs each, added to {@code base}. */
    private static LatencyHistogram samples(LatencyHistogram base, int n, long micros) {
        long[] counts = new long[LatencyHistogram.BUCKETS];
        counts[LatencyHistogram.bucket(micros * 1000)] = n;
        return base.plus(LatencyHistogram.of(counts));
    }

    private LiveCall up(String sid, String trunk, String carrier, LatencyHistogram latency) {
        LiveMedia.Leg leg = new LiveMedia.Leg(100, 0, 0, 1, 4.4);
        return new LiveCall("CA" + sid, "AC1", "+1", "+2", trunk, carrier, "GW1", "answered", now, now, "c",
                new LiveMedia(leg, leg, latency));
    }

    private void ended(CallTraffic t, String sid, String trunk, String carrier, LatencyHistogram latency) {
        t.callEnded(new CallSummary("CA" + sid, Direction.TRUNKING_TERMINATING, "AC1", trunk, "+1", "+2",
                CallStatus.COMPLETED, now, now, now, "cid", carrier, "GW1", 1, 200, HangupBy.CALLER,
                new MediaSummary(100, 100, 0, 1, 4.4, null, null, latency)));
    }

    @Test
    void relayLatencyP99IsMergedPerTrunkAndCarrierFromEachCallsSamplesEachCountedOnce() {
        CallTraffic t = new CallTraffic(clock);
        // minute 1: a long call on TK1/BY1 relays 990 fast packets; a call on TK2/BY1 99 slow ones
        LatencyHistogram fast = samples(LatencyHistogram.EMPTY, 990, 9);
        LatencyHistogram slow = samples(LatencyHistogram.EMPTY, 99, 300);
        now = now.plusSeconds(60);
        t.sample(List.of(up("1", "TK1", "BY1", fast), up("2", "TK2", "BY1", slow)));
        // minute 2: the long call relays 10 more, slow ones, then ends; the other call ends with nothing new
        LatencyHistogram fastThenSlow = samples(fast, 10, 300);
        ended(t, "1", "TK1", "BY1", fastThenSlow);
        ended(t, "2", "TK2", "BY1", slow);
        now = now.plusSeconds(60);
        // a live list read just before the calls ended must not count them again
        t.sample(List.of(up("1", "TK1", "BY1", fastThenSlow), up("2", "TK2", "BY1", slow)));

        List<CallTraffic.Snapshot> minutes = t.series(List.of());
        CallTraffic.Snapshot first = minutes.get(0);
        assertThat(first.trunks().get("TK1").relayP99Us()).as("990 samples at 9 µs").isEqualTo(10.0);
        assertThat(first.trunks().get("TK2").relayP99Us()).as("300 µs is in the 256-320 bucket").isEqualTo(320.0);
        // BY1 merged both calls: 990 fast + 99 slow samples, so its p99 is a slow one, which no average of
        // the two calls' own p99 would give
        assertThat(first.carriers().get("BY1").relayP99Us()).isEqualTo(320.0);
        CallTraffic.Snapshot second = minutes.get(1);
        assertThat(second.trunks().get("TK1").relayP99Us()).as("only the 10 samples gained in minute 2").isEqualTo(320.0);
        assertThat(second.trunks().get("TK2").relayP99Us()).as("nothing gained").isNaN();
        assertThat(minutes.get(2).trunks()).as("nothing is left to count after the end").isEmpty();
    }

    @Test
    void theMinuteInProgressIncludesWhatLiveCallsRelayedSoFar() {
        CallTraffic t = new CallTraffic(clock);
        LatencyHistogram first = samples(LatencyHistogram.EMPTY, 100, 5);
        t.sample(List.of(up("1", "TK1", "BY1", first)));
        LatencyHistogram more = samples(first, 100, 40);
        List<CallTraffic.Snapshot> s = t.series(List.of(up("1", "TK1", "BY1", more)));
        assertThat(s.get(0).trunks().get("TK1").relayP99Us()).isEqualTo(6.0);
        assertThat(s.get(1).trunks().get("TK1").relayP99Us()).as("the 100 new samples only (40 µs: the 40-48 bucket)").isEqualTo(48.0);
        assertThat(s.get(1).carriers().get("BY1").relayP99Us()).isEqualTo(48.0);
    }

    @Test
    void keepsTheLastHour() {
        CallTraffic t = new CallTraffic(clock);
        for (int i = 0; i < 90; i++) {
            now = now.plusSeconds(60);
            t.sample(List.of());
        }
        assertThat(t.series(List.of())).hasSize(MetricsRing.SIZE + 1);
    }
}
