package io.softswitch.core.cdr.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches of rows of type {@code R} written to a table by one thread of their own, so that the
 * threads that submit them never wait on the database; what the table cannot take goes to a
 * {@link SpoolFile} (fsynced) instead, and comes back from it.
 *
 * <p>Ordering: while the spool holds anything, new batches are appended to it too and the spool is
 * replayed (oldest first, every {@code retryMs} while it fails) before anything else is inserted,
 * so rows reach the table in submission order. Replays insert a row that is already there at most
 * once ({@link Table} must be idempotent: a replay cut half-way is replayed whole).
 *
 * <p>A full queue spools from the submitting thread; {@link #close()} stops the thread, writes (or
 * spools) what is queued and tries one last replay.
 */
public final class SpooledWriter<R extends Record> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpooledWriter.class);
    /** How often a lingering writer looks whether a full insert's worth is queued. */
    private static final long LINGER_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** Where the rows go: inserts {@code rows} in one transaction, returns how many it added. */
    @FunctionalInterface
    public interface Table<R> {
        int insert(List<R> rows) throws SQLException;
    }

    private final String what;
    private final Table<R> table;
    private final SpoolFile<R> spool;
    private final BlockingQueue<List<R>> queue;
    private final int batchesPerInsert;
    private final int replayRows;
    private final long pollMs;
    private final long retryMs;
    private final Thread thread;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong spooled = new AtomicLong();
    private volatile boolean closing;
    private long nextReplayNanos = System.nanoTime();

    /**
     * Starts the writer thread {@code threadName}.
     *
     * @param what             the rows in log lines ({@code "cdr"}: "cdr insert failed", "cdr spool replayed")
     * @param capacity         batches the queue holds before submitters spool themselves
     * @param batchesPerInsert queued batches joined into one insert
     * @param replayRows       spooled rows per insert when replaying
     * @param pollMs           longest a batch waits in the queue (and between looks at the spool)
     * @param retryMs          pause between replays while the table fails
     */
    public SpooledWriter(String what, String threadName, Table<R> table, SpoolFile<R> spool, int capacity,
            int batchesPerInsert, int replayRows, long pollMs, long retryMs) {
        this.what = what;
        this.table = table;
        this.spool = spool;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchesPerInsert = batchesPerInsert;
        this.replayRows = replayRows;
        this.pollMs = pollMs;
        this.retryMs = retryMs;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code batch}; spools it from this thread once closing or while the queue is full. */
    public void submit(List<R> batch) {
        if (closing || !queue.offer(batch)) {
            spoolNow(batch);
        }
    }

    /** Rows inserted so far (replays included; a row already there is not counted). */
    public long written() {
        return written.get();
    }

    /** Rows that went through the spool file so far. */
    public long spooled() {
        return spooled.get();
    }

    /** Whether rows wait in the spool for the table. */
    public boolean spoolPending() {
        return spool.pending();
    }

    private void run() {
        List<List<R>> taken = new ArrayList<>(batchesPerInsert);
        while (!closing || !queue.isEmpty()) {
            try {
                List<R> first = queue.poll(pollMs, TimeUnit.MILLISECONDS);
                if (first != null) {
                    taken.add(first);
                    lingerFor(taken, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pollMs));
                }
                flush(joined(taken), false);
            } catch (InterruptedException e) {
                if (!closing) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } catch (RuntimeException | AssertionError e) {
                LOG.error("{} writer: {}", what, e.toString(), e);
            }
            taken.clear();
        }
    }

    /**
     * Gathers what is queued into {@code taken} until it holds {@code batchesPerInsert} batches or
     * {@code deadline} passes, looking at the queue every {@link #LINGER_STEP_NANOS}: one insert (one
     * transaction, one commit) per {@code pollMs} at moderate rates, not one per batch as soon as it is
     * queued (issue 15: at 200 calls/s the CDR and call-attempt writers woke for every call and committed
     * one or two rows at a time; each commit costs the database more than its rows, and each wake-up a
     * thread switch).
     */
    private void lingerFor(List<List<R>> taken, long deadline) {
        queue.drainTo(taken, batchesPerInsert - taken.size());
        while (taken.size() < batchesPerInsert && !closing) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(Math.min(left, LINGER_STEP_NANOS));
            queue.drainTo(taken, batchesPerInsert - taken.size());
        }
    }

    private static <R> List<R> joined(List<List<R>> batches) {
        if (batches.size() == 1) {
            return batches.get(0);
        }
        List<R> rows = new ArrayList<>();
        batches.forEach(rows::addAll);
        return rows;
    }

    /** Inserts {@code rows} unless the spool is ahead of them; replays the spool when due. */
    private void flush(List<R> rows, boolean finalFlush) {
        if (spool.pending()) {
            if (!rows.isEmpty()) {
                spoolNow(rows); // behind what waits: the table gets rows in submission order
            }
            if (finalFlush || System.nanoTime() - nextReplayNanos >= 0) {
                replay();
            }
            return;
        }
        if (rows.isEmpty()) {
            return;
        }
        try {
            written.addAndGet(table.insert(rows));
        } catch (SQLException | RuntimeException | AssertionError e) {
            // AssertionError: the PostgreSQL driver asserts on a connection the server cut (with -ea).
            LOG.warn("{} insert failed, spooling {} row(s): {}", what, rows.size(), e.getMessage());
            spoolNow(rows);
            nextReplayNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(retryMs);
        }
    }

    private void replay() {
        try {
            while (spool.pending()) {
                List<R> rows = spool.freeze();
                for (int i = 0; i < rows.size(); i += replayRows) {
                    written.addAndGet(table.insert(rows.subList(i, Math.min(rows.size(), i + replayRows))));
                }
                spool.discardFrozen();
                if (!rows.isEmpty()) {
                    LOG.info("{} spool replayed: {} row(s)", what, rows.size());
                }
            }
        } catch (SQLException | IOException | RuntimeException | AssertionError e) {
            nextReplayNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(retryMs);
            LOG.debug("{} spool replay deferred: {}", what, e.getMessage());
        }
    }

    private void spoolNow(List<R> rows) {
        try {
            spool.append(rows);
            spooled.addAndGet(rows.size());
        } catch (IOException e) {
            // Nowhere left to put them: say exactly what is lost.
            for (R r : rows) {
                LOG.error("{} lost (spool {} not writable: {}): {}", what, spool.path(), e.getMessage(), r);
            }
        }
    }

    /** Stops accepting into the queue, writes (or spools) what is queued, tries one last replay. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        // No interrupt: H2 closes its file channel when a thread is interrupted in I/O. The loop
        // notices closing within pollMs.
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<List<R>> rest = new ArrayList<>();
        queue.drainTo(rest);
        for (int i = 0; i < rest.size(); i += batchesPerInsert) {
            flush(joined(rest.subList(i, Math.min(rest.size(), i + batchesPerInsert))), false);
        }
        flush(List.of(), true);
    }
}
