package io.softswitch.core.recording;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes recordings older than {@code recordings.retention_days} (file and row), at start and every
 * hour on its own thread; a zero retention keeps them until deleted through the API. A failed run
 * (database down) is tried again at the next one.
 */
public final class RecordingRetention implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingRetention.class);

    private final Recordings recordings;
    private final Duration retention;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "recording-retention");
        t.setDaemon(true);
        return t;
    });

    public RecordingRetention(Recordings recordings, Duration retention) {
        this.recordings = recordings;
        this.retention = retention;
    }

    /** Starts the hourly run (the first at once); does nothing with a zero retention. */
    public RecordingRetention start() {
        if (!retention.isZero()) {
            timer.scheduleWithFixedDelay(this::runQuietly, 0, 1, TimeUnit.HOURS);
        }
        return this;
    }

    private void runQuietly() {
        try {
            int n = recordings.purge(retention, Instant.now());
            if (n > 0) {
                LOG.info("deleted {} recording(s) older than {} day(s)", n, retention.toDays());
            }
        } catch (RuntimeException e) {
            LOG.warn("recording retention run failed, next try in an hour: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
