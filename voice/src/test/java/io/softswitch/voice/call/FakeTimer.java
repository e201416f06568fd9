package io.softswitch.voice.call;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A {@link VoiceTimer} on a fake clock: tasks run when the test advances time. */
final class FakeTimer implements VoiceTimer {
    private final class Entry implements Timeout {
        final long due;
        final Runnable task;
        boolean cancelled;

        Entry(long due, Runnable task) {
            this.due = due;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
            entries.remove(this);
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private long now;

    @Override
    public synchronized Timeout schedule(Duration delay, Runnable task) {
        Entry e = new Entry(now + delay.toMillis(), task);
        entries.add(e);
        return e;
    }

    void advance(Duration d) {
        long until = now + d.toMillis();
        while (true) {
            Entry next;
            synchronized (this) {
                next = entries.stream().filter(e -> e.due <= until).min(Comparator.comparingLong(e -> e.due)).orElse(null);
                if (next == null) {
                    now = until;
                    return;
                }
                entries.remove(next);
                now = next.due;
            }
            next.task.run();
        }
    }

    synchronized int pending() {
        return entries.size();
    }
}
