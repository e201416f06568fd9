package io.softswitch.core.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.softswitch.config.StorageConfig;
import io.softswitch.core.store.Sids;
import io.softswitch.core.store.Store;
import io.softswitch.core.testing.PrivatePostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CDRs against a PostgreSQL server that really goes away: a private instance the test stops and
 * starts. Records submitted while it is down go to the spool and arrive, once each and in order,
 * when it is back; a graceful close with the database down leaves them spooled for the next start.
 */
class CdrSpoolTest {
    @AutoClose
    static PrivatePostgres pg;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = PrivatePostgres.started();
    }

    @Test
    void recordsSurviveADatabaseOutageAndArriveOnceInOrder() throws Exception {
        pg.start();
        try (Store store = Store.open(new StorageConfig(pg.url(), "postgres", "", 2), dataDir)) {
            store.jdbc().update("DELETE FROM calls");
            List<String> submitted = new ArrayList<>();
            CdrWriter writer = new CdrWriter(store.dataSource(), dataDir, 1000, 50, 50, 200);
            submit(writer, submitted, 30);
            await().atMost(Duration.ofSeconds(10)).until(() -> count(store) == 30);

            pg.stop();
            submit(writer, submitted, 150);
            await().atMost(Duration.ofSeconds(20)).until(() -> writer.spooled() >= 150);
            await().atMost(Duration.ofSeconds(5)).until(() -> linesOf(dataDir.resolve(CdrWriter.SPOOL_FILE))
                    + linesOf(dataDir.resolve(CdrWriter.SPOOL_FILE + ".replay")) >= 150);
            writer.submit(record(submitted.get(0)));

            pg.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> !writer.spoolPending() && count(store) == 180);
            submit(writer, submitted, 20);
            writer.close();

            assertThat(count(store)).isEqualTo(200);
            assertThat(store.jdbc().query("SELECT sid FROM calls ORDER BY seq", rs -> rs.getString(1)))
                    .containsExactlyElementsOf(submitted);
        }
    }

    @Test
    void gracefulCloseWithTheDatabaseDownSpoolsAndTheNextStartReplays() throws Exception {
        pg.start();
        List<String> submitted = new ArrayList<>();
        try (Store store = Store.open(new StorageConfig(pg.url(), "postgres", "", 2), dataDir)) {
            store.jdbc().update("DELETE FROM calls");
            pg.stop();
            CdrWriter writer = new CdrWriter(store.dataSource(), dataDir, 100, 50, 50, 200);
            submit(writer, submitted, 40);
            writer.close();
            assertThat(writer.spoolPending()).isTrue();
        }
        pg.start();
        try (Store store = Store.open(new StorageConfig(pg.url(), "postgres", "", 2), dataDir)) {
            CdrWriter writer = new CdrWriter(store.dataSource(), dataDir);
            await().atMost(Duration.ofSeconds(10)).until(() -> count(store) == 40);
            writer.close();
            assertThat(writer.spoolPending()).isFalse();
            assertThat(store.jdbc().query("SELECT sid FROM calls ORDER BY seq", rs -> rs.getString(1)))
                    .containsExactlyElementsOf(submitted);
        }
    }

    @Test
    void aFullQueueSpillsToTheSpoolAndEveryRecordArrivesOnce() throws Exception {
        pg.start();
        try (Store store = Store.open(new StorageConfig(pg.url(), "postgres", "", 2), dataDir)) {
            store.jdbc().update("DELETE FROM calls");
            List<String> submitted = new ArrayList<>();
            CdrWriter writer = new CdrWriter(store.dataSource(), dataDir, 5, 5, 50, 200);
            submit(writer, submitted, 300);
            await().atMost(Duration.ofSeconds(20)).until(() -> count(store) == 300);
            writer.close();
            assertThat(writer.spooled()).isPositive();
            assertThat(store.jdbc().query("SELECT sid FROM calls", rs -> rs.getString(1)))
                    .containsExactlyInAnyOrderElementsOf(submitted);
        }
    }

    private static void submit(CdrSink sink, List<String> sids, int n) {
        for (int i = 0; i < n; i++) {
            String sid = Sids.next("CA");
            sids.add(sid);
            sink.submit(record(sid));
        }
    }

    private static CallRecord record(String sid) {
        Instant t = Instant.parse("2026-11-27T10:00:00Z");
        return CallRecord.builder(sid, "AC" + "0".repeat(32)).to("+442071234567").from("+14155550100")
                .status("completed").startTime(t).answerTime(t.plusSeconds(2)).endTime(t.plusSeconds(62))
                .durationSeconds(60).sipCallId(sid + "@pbx").attempts(1).sipResponseCode(200).hangupBy("caller")
                .rtpPacketsIn(3000).rtpPacketsOut(3000).jitterMs(1.5).build();
    }

    private static long count(Store store) {
        try {
            return store.jdbc().query("SELECT COUNT(*) FROM calls", rs -> rs.getLong(1)).get(0);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Lines in a spool file; 0 when absent (the writer may have just renamed it for replay). */
    private static long linesOf(Path p) {
        try {
            return Files.readAllLines(p).size();
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
