package io.softswitch.core.cdr.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@link SpooledWriter} groups what it is given into inserts (the spool: CdrSpoolTest, CallAttemptsSpoolTest). */
class SpooledWriterTest {
    @TempDir
    Path dir;

    private static AttemptRow row(int i) {
        return new AttemptRow("CA" + i, 1, "BY1", "GW1", "sip:127.0.0.1", 200, "OK", Instant.EPOCH, Instant.EPOCH);
    }

    /** A writer into {@code table} joining up to {@code batchesPerInsert} batches, flushing every {@code pollMs}. */
    private SpooledWriter<AttemptRow> writer(int batchesPerInsert, long pollMs, SpooledWriter.Table<AttemptRow> table) {
        return new SpooledWriter<>("test", "test-writer", table,
                new SpoolFile<>(dir.resolve("spool.jsonl"), AttemptRow.class), 1000, batchesPerInsert, 500, pollMs,
                1000);
    }

    @Test
    void rowsArrivingOneByOneWithinTheFlushIntervalGoInOneInsert() throws Exception {
        List<Integer> inserts = Collections.synchronizedList(new ArrayList<>());
        try (SpooledWriter<AttemptRow> writer = writer(500, 1000, rows -> {
            inserts.add(rows.size());
            return rows.size();
        })) {
            // one row every 10 ms, as a switch at 100 calls/s ends its calls: 20 rows within 200 ms
            for (int i = 0; i < 20; i++) {
                writer.submit(List.of(row(i)));
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> writer.written() == 20);
        }
        // a commit per row cost the database more than the rows (issue 15): at most two inserts for these
        assertThat(inserts).hasSizeLessThanOrEqualTo(2);
        assertThat(inserts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(20);
    }

    @Test
    void aFullBatchIsInsertedWithoutWaitingForTheInterval() throws Exception {
        List<Long> insertedAt = Collections.synchronizedList(new ArrayList<>());
        try (SpooledWriter<AttemptRow> writer = writer(5, 3_000, rows -> {
            insertedAt.add(System.nanoTime());
            return rows.size();
        })) {
            for (int i = 0; i < 5; i++) {
                writer.submit(List.of(row(i)));
            }
            long submitted = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).until(() -> writer.written() == 5);
            // five batches fill an insert: written well before the 3 s interval is over
            assertThat(insertedAt).isNotEmpty();
            assertThat(insertedAt.get(insertedAt.size() - 1) - submitted).isLessThan(TimeUnit.SECONDS.toNanos(1));
        }
    }
}
