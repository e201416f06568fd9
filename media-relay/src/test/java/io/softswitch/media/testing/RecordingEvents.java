package io.softswitch.media.testing;

import io.softswitch.media.DropReason;
import io.softswitch.media.DtmfEvent;
import io.softswitch.media.Side;
import io.softswitch.media.MediaEvents;
import io.softswitch.media.MediaSession;
import io.softswitch.media.SessionListener;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLongArray;

/** Records relay events and session events for assertions; thread-safe. */
public final class RecordingEvents implements MediaEvents, SessionListener {
    private final AtomicLongArray drops = new AtomicLongArray(DropReason.values().length);
    private final AtomicLongArray relayed = new AtomicLongArray(4);
    /** Every relay latency sample, in the switch-wide event's nanoseconds. */
    public final java.util.Deque<Long> latencies = new java.util.concurrent.ConcurrentLinkedDeque<>();
    public final BlockingQueue<DtmfEvent> dtmf = new LinkedBlockingQueue<>();
    public final CompletableFuture<Duration> timeout = new CompletableFuture<>();
    /** Overload protection's decisions, {@code label + ":shed"} or {@code label + ":resumed"}, in order. */
    public final BlockingQueue<String> shedding = new LinkedBlockingQueue<>();

    @Override
    public void sessionShed(String label, boolean shed) {
        shedding.add(label + (shed ? ":shed" : ":resumed"));
    }

    @Override
    public void packetRelayed(Side from, boolean rtcp, int bytes) {
        relayed.incrementAndGet(from.ordinal() * 2 + (rtcp ? 1 : 0));
    }

    @Override
    public void relayLatency(long nanos) {
        latencies.add(nanos);
    }

    @Override
    public void packetDropped(Side from, DropReason reason) {
        drops.incrementAndGet(reason.ordinal());
    }

    @Override
    public void rtpTimeout(MediaSession session, Duration silence) {
        timeout.complete(silence);
    }

    @Override
    public void dtmf(MediaSession session, DtmfEvent event) {
        dtmf.add(event);
    }

    public long drops(DropReason reason) {
        return drops.get(reason.ordinal());
    }

    public long relayed(Side from, boolean rtcp) {
        return relayed.get(from.ordinal() * 2 + (rtcp ? 1 : 0));
    }
}
