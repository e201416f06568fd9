package io.softswitch.core.store;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Checks every {@code periodMs} that the database answers and reports each change of state
 * ({@code true} = reachable) to {@code onChange}, on its own daemon thread.
 */
public final class StorageHealth implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "storage-health");
        t.setDaemon(true);
        return t;
    });
    private volatile Boolean last;

    public StorageHealth(Store store, long periodMs, Consumer<Boolean> onChange) {
        timer.scheduleWithFixedDelay(() -> {
            boolean up = store.reachable();
            if (last == null || last != up) {
                last = up;
                onChange.accept(up);
            }
        }, 0, periodMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
