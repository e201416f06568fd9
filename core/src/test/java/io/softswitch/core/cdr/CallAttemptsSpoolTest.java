package io.softswitch.core.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.softswitch.config.StorageConfig;
import io.softswitch.core.call.CallStatus;
import io.softswitch.core.call.CallSummary;
import io.softswitch.core.call.Direction;
import io.softswitch.core.call.HangupBy;
import io.softswitch.core.call.MediaSummary;
import io.softswitch.core.call.OutboundInvite;
import io.softswitch.core.cdr.internal.AttemptRow;
import io.softswitch.core.cdr.internal.SpoolFile;
import io.softswitch.core.store.Sids;
import io.softswitch.core.store.Store;
import io.softswitch.core.testing.PrivatePostgres;
import io.softswitch.sip.SipStatus;
import io.softswitch.sip.SipUri;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Call attempts against a PostgreSQL server that really goes away (a private instance the test
 * stops and starts), as {@link CdrSpoolTest} does for the call records: attempts of calls that end
 * while it is down are spooled and arrive, each exactly once, when it is back; a replay that runs
 * again over rows already written (a crash between insert and discarding the spool) adds nothing.
 */
class CallAttemptsSpoolTest {
    @AutoClose
    static PrivatePostgres pg;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = PrivatePostgres.started();
    }

    private static OutboundInvite route(String carrier, int port) {
        return new OutboundInvite(SipUri.parse("sip:127.0.0.1:" + port), "14155550100", "14155550199", null, List.of(),
                null, null, 1000, c -> true, carrier, "GW" + port);
    }

    /** A call that tried {@code n} carriers, the last one answering; returns its SID. */
    private static String call(CallAttempts log, int n) {
        String sid = Sids.next("CA");
        for (int i = 1; i <= n; i++) {
            OutboundInvite r = route("BY" + i, 5060 + i);
            log.attemptStarted(sid, r);
            log.attemptEnded(sid, r, i == n ? SipStatus.OK : SipStatus.SERVICE_UNAVAILABLE);
        }
        Instant now = Instant.now();
        log.callEnded(new CallSummary(sid, Direction.TRUNKING_TERMINATING, "AC1", "TK1", "+14155550100", "+14155550199",
                CallStatus.COMPLETED, now, now, now, sid + "@pbx", "BY" + n, "GW" + (5060 + n), n, 200, HangupBy.CALLER,
                MediaSummary.NONE));
        return sid;
    }

    private static long rows(Store store) {
        try {
            return store.jdbc().query("SELECT COUNT(*) FROM call_attempts", rs -> rs.getLong(1)).get(0);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static List<Integer> attempts(Store store, String call) {
        return CallAttempts.of(store.jdbc(), call).stream().map(CallAttempts.Attempt::attempt).toList();
    }

    @Test
    void attemptsOfCallsEndingWhileTheDatabaseIsDownArriveOnceWhenItIsBack() throws Exception {
        pg.start();
        try (Store store = Store.open(new StorageConfig(pg.url(), "postgres", "", 2), dataDir)) {
            store.jdbc().update("DELETE FROM call_attempts");
            try (CallAttempts log = new CallAttempts(store.jdbc(), Clock.systemUTC(), dataDir, 200)) {
                String before = call(log, 2);
                await().atMost(Duration.ofSeconds(10)).until(() -> rows(store) == 2);

                pg.stop();
                String down1 = call(log, 3);
                String down2 = call(log, 1);
                await().atMost(Duration.ofSeconds(20)).until(() -> log.spooled() == 4);
                assertThat(log.spoolPending()).isTrue();

                pg.start();
                String after = call(log, 2); // behind the spool: written once it is replayed
                await().atMost(Duration.ofSeconds(20)).until(() -> !log.spoolPending() && rows(store) == 8);
                assertThat(attempts(store, before)).containsExactly(1, 2);
                assertThat(attempts(store, down1)).containsExactly(1, 2, 3);
                assertThat(attempts(store, down2)).containsExactly(1);
                assertThat(attempts(store, after)).containsExactly(1, 2);
                assertThat(CallAttempts.of(store.jdbc(), down1).get(2).sipStatus()).isEqualTo(200);
                assertThat(CallAttempts.of(store.jdbc(), down1).get(0).carrierSid()).isEqualTo("BY1");
                assertThat(log.written()).isEqualTo(8);
            }

            // A crash after the replay's inserts but before the spool was discarded: the next start
            // replays the same rows again, and the table still holds each attempt once.
            List<AttemptRow> written = store.jdbc().query("SELECT * FROM call_attempts ORDER BY call_sid, attempt",
                    rs -> new AttemptRow(rs.getString("call_sid"), rs.getInt("attempt"), rs.getString("carrier_sid"),
                            rs.getString("gateway_sid"), rs.getString("target"), rs.getInt("sip_status"),
                            rs.getString("sip_reason"), io.softswitch.core.store.Jdbc.instant(rs, "started_at"),
                            io.softswitch.core.store.Jdbc.instant(rs, "ended_at")));
            new SpoolFile<>(dataDir.resolve(CallAttempts.SPOOL_FILE), AttemptRow.class).append(written);
            try (CallAttempts restarted = new CallAttempts(store.jdbc(), Clock.systemUTC(), dataDir, 200)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> !restarted.spoolPending());
                assertThat(restarted.written()).as("nothing new to insert").isZero();
            }
            assertThat(rows(store)).isEqualTo(8);
        }
    }

    @Test
    void aGracefulCloseWithTheDatabaseDownSpoolsAndTheNextStartReplays() throws Exception {
        pg.start();
        String sid;
        try (Store store = Store.open(new StorageConfig(pg.url(), "postgres", "", 2), dataDir)) {
            store.jdbc().update("DELETE FROM call_attempts");
            pg.stop();
            CallAttempts log = new CallAttempts(store.jdbc(), Clock.systemUTC(), dataDir, 200);
            sid = call(log, 3);
            log.close();
            assertThat(log.spoolPending()).isTrue();
            assertThat(log.spooled()).isEqualTo(3);
        }
        pg.start();
        try (Store store = Store.open(new StorageConfig(pg.url(), "postgres", "", 2), dataDir);
                CallAttempts log = new CallAttempts(store.jdbc(), Clock.systemUTC(), dataDir)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> rows(store) == 3);
            assertThat(attempts(store, sid)).containsExactly(1, 2, 3);
            await().atMost(Duration.ofSeconds(5)).until(() -> !log.spoolPending());
        }
    }
}
