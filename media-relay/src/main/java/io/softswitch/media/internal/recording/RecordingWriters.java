package io.softswitch.media.internal.recording;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay's one recording writer thread: the event loops hand it chunks of PCM (about a second
 * per recording each time) and it does the file I/O, so a slow disk never stalls the packet path.
 * Memory is bounded by {@link #MAX_PENDING_BYTES}: a chunk past it is refused and its recording
 * ends with an error, the call goes on.
 */
public final class RecordingWriters implements AutoCloseable {
    /** Audio waiting for the disk, all recordings together: 64 MiB (about 35 minutes of 8 kHz stereo). */
    public static final long MAX_PENDING_BYTES = 64L * 1024 * 1024;

    private final ExecutorService thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "media-recording-writer");
                t.setDaemon(true);
                return t;
            });
    private final AtomicLong pending = new AtomicLong();

    /** Runs {@code io} on the writer thread; false (nothing queued) when {@code bytes} more would pass the bound. */
    boolean submit(long bytes, Runnable io) {
        if (pending.addAndGet(bytes) > MAX_PENDING_BYTES) {
            pending.addAndGet(-bytes);
            return false;
        }
        try {
            thread.execute(() -> {
                try {
                    io.run();
                } finally {
                    pending.addAndGet(-bytes);
                }
            });
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.addAndGet(-bytes);
            return false;
        }
    }

    /** Runs the chunks already queued, then stops the thread (waits up to 5 s). */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
