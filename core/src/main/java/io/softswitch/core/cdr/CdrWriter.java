package io.softswitch.core.cdr;

import io.softswitch.core.cdr.internal.CallTable;
import io.softswitch.core.cdr.internal.SpoolFile;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CdrSink} of the daemon: a bounded queue drained by one writer thread that inserts
 * batches into {@code calls}.
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

    private static final Logger LOG = LoggerFactory.getLogger(CdrWriter.class);

    private final BlockingQueue<CallRecord> queue;
    private final CallTable table;
    private final SpoolFile<CallRecord> spool;
    private final int batchSize;
    private final long flushMs;
    private final long retryMs;
    private final Thread thread;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong spooled = new AtomicLong();
    private volatile boolean closing;
    private long nextReplayNanos;

    public CdrWriter(DataSource db, Path dataDir) {
        this(db, dataDir, DEFAULT_QUEUE_CAPACITY, DEFAULT_BATCH_SIZE, DEFAULT_FLUSH_MS, DEFAULT_RETRY_MS);
    }

    public CdrWriter(DataSource db, Path dataDir, int queueCapacity, int batchSize, long flushMs, long retryMs) {
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.table = new CallTable(db);
        this.spool = SpoolFile.ofCallRecords(dataDir.resolve(SPOOL_FILE));
        this.batchSize = batchSize;
        this.flushMs = flushMs;
        this.retryMs = retryMs;
        this.thread = new Thread(this::run, "cdr-writer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void submit(CallRecord record) {
        if (closing) {
            spoolNow(List.of(record));
            return;
        }
        if (!queue.offer(record)) {
            spoolNow(List.of(record));
        }
    }

    /** Records inserted into the database so far (replays included). */
    public long written() {
        return written.get();
    }

    /** Records that went through the spool file so far. */
    public long spooled() {
        return spooled.get();
    }

    /** Whether records wait in the spool for the database. */
    public boolean spoolPending() {
        return spool.pending();
    }

    private void run() {
        List<CallRecord> batch = new ArrayList<>(batchSize);
        while (!closing || !queue.isEmpty()) {
            try {
                CallRecord first = queue.poll(flushMs, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, batchSize - 1);
                }
                flush(batch, false);
            } catch (InterruptedException e) {
                if (!closing) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } catch (RuntimeException | AssertionError e) {
                LOG.error("cdr writer: {}", e.toString(), e);
            }
            batch.clear();
        }
    }

    private void flush(List<CallRecord> batch, boolean finalFlush) {
        if (spool.pending()) {
            if (!batch.isEmpty()) {
                spoolNow(batch);
            }
            if (finalFlush || System.nanoTime() - nextReplayNanos >= 0) {
                replay();
            }
            return;
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            written.addAndGet(table.insert(batch));
        } catch (SQLException | RuntimeException | AssertionError e) {
            // AssertionError: the PostgreSQL driver asserts on a connection the server cut (with -ea).
            LOG.warn("cdr insert failed, spooling {} records: {}", batch.size(), e.getMessage());
            spoolNow(batch);
            nextReplayNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(retryMs);
        }
    }

    private void replay() {
        try {
            while (spool.pending()) {
                List<CallRecord> records = spool.freeze();
                for (int i = 0; i < records.size(); i += batchSize) {
                    written.addAndGet(table.insert(records.subList(i, Math.min(records.size(), i + batchSize))));
                }
                spool.discardFrozen();
                if (!records.isEmpty()) {
                    LOG.info("cdr spool replayed: {} records", records.size());
                }
            }
        } catch (SQLException | IOException | RuntimeException | AssertionError e) {
            nextReplayNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(retryMs);
            LOG.debug("cdr spool replay deferred: {}", e.getMessage());
        }
    }

    private void spoolNow(List<CallRecord> records) {
        try {
            spool.append(records);
            spooled.addAndGet(records.size());
        } catch (IOException e) {
            // Nowhere left to put them: say exactly which calls are lost.
            for (CallRecord r : records) {
                LOG.error("cdr lost (spool {} not writable: {}): {}", spool.path(), e.getMessage(), r);
            }
        }
    }

    /** Stops accepting into the queue, writes what is queued (or spools it), tries one last replay. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        // No interrupt: H2 closes its file channel when a thread is interrupted in I/O. The loop
        // notices closing within flushMs.
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<CallRecord> rest = new ArrayList<>();
        queue.drainTo(rest);
        flush(rest, true);
    }
}
