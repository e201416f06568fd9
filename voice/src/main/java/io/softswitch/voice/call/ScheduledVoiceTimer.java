package io.softswitch.voice.call;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** {@link VoiceTimer} on one scheduled thread shared by every call; cancelled tasks are removed at once. */
public final class ScheduledVoiceTimer implements VoiceTimer, AutoCloseable {
    private final ScheduledExecutorService scheduler;

    public ScheduledVoiceTimer() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "voice-timer");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        this.scheduler = Executors.unconfigurableScheduledExecutorService(s);
    }

    @Override
    public Timeout schedule(Duration delay, Runnable task) {
        var f = scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
