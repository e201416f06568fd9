package io.softswitch.core.cdr;

import io.softswitch.core.store.Jdbc;
import io.softswitch.core.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the call records tenants deleted once the operator's retention is over
 * ({@code tenancy.deleted_call_retention_days}; issue 22). Until then such a row is hidden from its
 * tenant and listed, with {@code deleted_at}, in the main account's {@code Calls.csv}. Runs at
 * start and every hour on its own thread; a database that is down is tried again at the next run.
 */
public final class DeletedCallPurge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeletedCallPurge.class);

    private final Jdbc jdbc;
    private final Duration retention;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "deleted-call-purge");
        t.setDaemon(true);
        return t;
    });

    public DeletedCallPurge(Jdbc jdbc, Duration retention) {
        this.jdbc = jdbc;
        this.retention = retention;
    }

    /** Starts the hourly purge (the first one at once). */
    public DeletedCallPurge start() {
        timer.scheduleWithFixedDelay(this::purgeQuietly, 0, 1, TimeUnit.HOURS);
        return this;
    }

    /** Deletes the rows whose tenant deleted them longer than the retention ago; returns how many. */
    public int purge() {
        Instant before = Instant.now().minus(retention);
        jdbc.update("DELETE FROM call_attempts WHERE call_sid IN (SELECT sid FROM calls WHERE deleted_at IS NOT NULL"
                + " AND deleted_at <= ?)", before);
        int n = jdbc.update("DELETE FROM calls WHERE deleted_at IS NOT NULL AND deleted_at <= ?", before);
        if (n > 0) {
            LOG.info("purged {} call record(s) deleted by their tenant more than {} day(s) ago", n,
                    retention.toDays());
        }
        return n;
    }

    private void purgeQuietly() {
        try {
            purge();
        } catch (StoreException e) {
            LOG.warn("purge of deleted call records failed, next try in an hour: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
