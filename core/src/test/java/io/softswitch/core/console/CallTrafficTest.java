package io.softswitch.core.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.call.CallStatus;
import io.softswitch.core.call.CallSummary;
import io.softswitch.core.call.Direction;
import io.softswitch.core.call.HangupBy;
import io.softswitch.core.call.LiveCall;
import io.softswitch.core.call.MediaSummary;
import io.softswitch.core.call.OutboundInvite;
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
        assertThat(m.trunks().get("TK1")).isEqualTo(new CallTraffic.Minute(2 / 60.0, 0, 0.5, 200));
        assertThat(m.trunks().get("TK2")).isEqualTo(new CallTraffic.Minute(1 / 60.0, 1, 1.0, 200));
        assertThat(m.carriers().get("BY1")).isEqualTo(new CallTraffic.Minute(2 / 60.0, 1, 1.0, 150));
        assertThat(m.carriers().get("BY2").asr()).isZero();

        CallTraffic.Snapshot next = t.series(List.of()).get(1);
        assertThat(next.trunks()).as("the minute in progress starts empty").isEmpty();
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
