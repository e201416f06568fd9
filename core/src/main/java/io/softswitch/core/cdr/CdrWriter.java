package io.softswitch.core.cdr;

import io.softswitch.core.cdr.internal.CallTable;
import io.softswitch.core.cdr.internal.SpoolFile;
import io.softswitch.core.cdr.internal.SpooledWriter;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;

/**
 * The {@link CdrSink} of the daemon: a bounded queue drained by one writer thread that inserts
 * batches into {@code calls} (a {@link SpooledWriter}).
 *
 * <p>Ordering and delivery: while the spool file holds anything, new batches are appended to it
 * too, and the spool is replayed (oldest first) before anything else is inserted, so records reach
 * the table in submission order. A failed insert spools its batch; replays retry every
 * {@code retryMs}. {@link #close()} stops accepting, drains the queue and writes (or spools)
 * everything before returning.
 *
 * <p>Exposure on a hard kill (SIGKILL, power loss): the records still in the queue, i.e. submitted
 * within the last {@code flushMs} plus the duration of one batch insert; spooled records are fsynced.
 */
public final class CdrWriter implements CdrSink, AutoCloseable {
    /** Records queued before submitters spool to the file themselves. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    /** Largest batch per insert. */
    public static final int DEFAULT_BATCH_SIZE = 500;
    /** Longest a record waits in the queue before its batch is written. */
    public static final long DEFAULT_FLUSH_MS = 200;
    /** Pause between replay attempts while the database is down. */
    public static final long DEFAULT_RETRY_MS = 1000;
    /** Spool file name in the data directory. */
    public static final String SPOOL_FILE = "cdr-spool.jsonl";

    private final SpooledWriter<CallRecord> writer;

    public CdrWriter(DataSource db, Path dataDir) {
        this(db, dataDir, DEFAULT_QUEUE_CAPACITY, DEFAULT_BATCH_SIZE, DEFAULT_FLUSH_MS, DEFAULT_RETRY_MS);
    }

    public CdrWriter(DataSource db, Path dataDir, int queueCapacity, int batchSize, long flushMs, long retryMs) {
        this.writer = new SpooledWriter<>("cdr", "cdr-writer", new CallTable(db)::insert,
                SpoolFile.ofCallRecords(dataDir.resolve(SPOOL_FILE)), queueCapacity, batchSize, batchSize, flushMs,
                retryMs);
    }

    @Override
    public void submit(CallRecord record) {
        writer.submit(List.of(record));
    }

    /** Records inserted into the database so far (replays included). */
    public long written() {
        return writer.written();
    }

    /** Records that went through the spool file so far. */
    public long spooled() {
        return writer.spooled();
    }

    /** Whether records wait in the spool for the database. */
    public boolean spoolPending() {
        return writer.spoolPending();
    }

    /** Stops accepting into the queue, writes what is queued (or spools it), tries one last replay. */
    @Override
    public void close() {
        writer.close();
    }
}
