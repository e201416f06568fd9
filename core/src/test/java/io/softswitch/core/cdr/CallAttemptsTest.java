package io.softswitch.core.cdr;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.config.StorageConfig;
import io.softswitch.core.call.CallStatus;
import io.softswitch.core.call.CallSummary;
import io.softswitch.core.call.Direction;
import io.softswitch.core.call.HangupBy;
import io.softswitch.core.call.MediaSummary;
import io.softswitch.core.call.OutboundInvite;
import io.softswitch.core.store.Store;
import io.softswitch.sip.SipStatus;
import io.softswitch.sip.SipUri;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each attempt of a call, with its carrier and SIP status, lands in {@code call_attempts} once the call ends. */
class CallAttemptsTest {
    @TempDir
    Path dir;

    private static OutboundInvite attempt(String carrier, String gateway, int port) {
        return new OutboundInvite(SipUri.parse("sip:127.0.0.1:" + port), "14155550100", "14155550199", null, List.of(),
                null, null, 1000, c -> true, carrier, gateway);
    }

    @Test
    void recordsEveryAttemptInOrderWithItsStatusWhenTheCallEnds() throws Exception {
        try (Store store = Store.open(new StorageConfig("", "", "", 2), dir);
                CallAttempts log = new CallAttempts(store.jdbc(), Clock.systemUTC(), dir)) {
            OutboundInvite first = attempt("BY1", "GW1", 5071);
            OutboundInvite second = attempt("BY2", "GW2", 5072);
            log.attemptStarted("CA1", first);
            log.attemptEnded("CA1", first, SipStatus.SERVICE_UNAVAILABLE.withReason("Carrier limit exceeded"));
            log.attemptStarted("CA1", second);
            log.attemptEnded("CA1", second, SipStatus.OK);
            assertThat(CallAttempts.of(store.jdbc(), "CA1")).as("nothing before the call ends").isEmpty();
            Instant now = Instant.now();
            log.callEnded(new CallSummary("CA1", Direction.TRUNKING_TERMINATING, "AC1", "TK1", "+1", "+2",
                    CallStatus.COMPLETED, now, now, now, "cid", "BY2", "GW2", 2, 200, HangupBy.CALLER, MediaSummary.NONE));

            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (CallAttempts.of(store.jdbc(), "CA1").size() < 2 && Instant.now().isBefore(deadline)) {
                Thread.sleep(20); // written by the log's own thread: poll with a deadline
            }
            List<CallAttempts.Attempt> rows = CallAttempts.of(store.jdbc(), "CA1");
            assertThat(rows).extracting(CallAttempts.Attempt::attempt, CallAttempts.Attempt::carrierSid,
                    CallAttempts.Attempt::gatewaySid, CallAttempts.Attempt::sipStatus, CallAttempts.Attempt::sipReason)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "BY1", "GW1", 503, "Carrier limit exceeded"),
                            org.assertj.core.groups.Tuple.tuple(2, "BY2", "GW2", 200, "OK"));
            assertThat(rows.get(0).target()).isEqualTo("sip:127.0.0.1:5071");
        }
    }

    @Test
    void manyCallsEndingFromSeveralThreadsAreAllWrittenOnceAcrossBatches() throws Exception {
        int calls = 1000; // more than one batch of the writer (200 calls per transaction)
        try (Store store = Store.open(new StorageConfig("", "", "", 2), dir)) {
            try (CallAttempts log = new CallAttempts(store.jdbc(), Clock.systemUTC(), dir)) {
                Thread[] threads = new Thread[4];
                for (int t = 0; t < threads.length; t++) {
                    int from = t;
                    threads[t] = new Thread(() -> {
                        for (int i = from; i < calls; i += threads.length) {
                            String sid = "CA" + i;
                            OutboundInvite a = attempt("BY1", "GW1", 5071);
                            log.attemptStarted(sid, a);
                            log.attemptEnded(sid, a, SipStatus.OK);
                            Instant now = Instant.now();
                            log.callEnded(new CallSummary(sid, Direction.TRUNKING_TERMINATING, "AC1", "TK1", "+1", "+2",
                                    CallStatus.COMPLETED, now, now, now, "cid" + i, "BY1", "GW1", 1, 200, HangupBy.CALLER,
                                    MediaSummary.NONE));
                        }
                    });
                    threads[t].start();
                }
                for (Thread t : threads) {
                    t.join();
                }
            } // close() writes what is still queued
            assertThat(store.jdbc().query("SELECT COUNT(*) AS n, COUNT(DISTINCT call_sid) AS d FROM call_attempts",
                    rs -> rs.getInt("n") + "/" + rs.getInt("d"))).containsExactly(calls + "/" + calls);
        }
    }
}
