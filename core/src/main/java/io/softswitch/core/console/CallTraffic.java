package io.softswitch.core.console;

import io.softswitch.core.call.CallEvents;
import io.softswitch.core.call.CallSummary;
import io.softswitch.core.call.LiveCall;
import io.softswitch.core.call.OutboundInvite;
import io.softswitch.sip.SipStatus;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's per-trunk and per-carrier last hour, one {@link Minute} per key and minute, counted
 * from the engine's call events (the daemon's meters are labelled by carrier only, and a trunk label
 * per meter would multiply every Prometheus series): calls ended, answered, post-dial delay,
 * carrier attempts and their 2xx, and the concurrent calls seen when the minute closed. Keys are
 * trunk and carrier SIDs. Thread-safe: events arrive on many threads (synchronized; each event is a
 * few map updates), {@link #sample} and {@link #series} on the console's.
 */
public final class CallTraffic implements CallEvents {
    private final Clock clock;
    private final Map<String, Long> pddNanos = new ConcurrentHashMap<>();
    private final ArrayDeque<Snapshot> ring = new ArrayDeque<>();
    private Map<String, Counts> trunks = new HashMap<>();
    private Map<String, Counts> carriers = new HashMap<>();
    private long minuteStart;

    /** One key's minute: calls/s, concurrent calls, ASR 0-1 (NaN without calls) and mean PDD (NaN without). */
    public record Minute(double callsPerSecond, double active, double asr, double pddMs) {
    }

    /** A closed minute (or the one in progress): per trunk and per carrier SID. */
    public record Snapshot(long epochSecond, Map<String, Minute> trunks, Map<String, Minute> carriers) {
    }

    private static final class Counts {
        long calls;
        long answered;
        long attempts;
        long attempts2xx;
        long pddCount;
        long pddNanos;
    }

    public CallTraffic(Clock clock) {
        this.clock = clock;
        this.minuteStart = clock.instant().getEpochSecond();
    }

    @Override
    public void postDialDelay(String callSid, long nanos) {
        pddNanos.put(callSid, nanos);
    }

    @Override
    public synchronized void attemptEnded(String callSid, OutboundInvite attempt, SipStatus status) {
        if (attempt.carrier() != null) {
            Counts c = carriers.computeIfAbsent(attempt.carrier(), k -> new Counts());
            c.attempts++;
            if (status.code() / 100 == 2) {
                c.attempts2xx++;
            }
        }
    }

    @Override
    public void callEnded(CallSummary s) {
        Long pdd = pddNanos.remove(s.sid());
        synchronized (this) {
            for (Counts c : List.of(s.trunk() == null ? new Counts() : trunks.computeIfAbsent(s.trunk(), k -> new Counts()),
                    s.carrier() == null ? new Counts() : carriers.computeIfAbsent(s.carrier(), k -> new Counts()))) {
                c.calls++;
                if (s.answerTime() != null) {
                    c.answered++;
                }
                if (pdd != null) {
                    c.pddCount++;
                    c.pddNanos += pdd;
                }
            }
        }
    }

    /** Closes the current minute into the ring; {@code live} are the calls up now. */
    public synchronized void sample(Collection<LiveCall> live) {
        ring.addLast(snapshot(live));
        while (ring.size() > MetricsRing.SIZE) {
            ring.removeFirst();
        }
        trunks = new HashMap<>();
        carriers = new HashMap<>();
        minuteStart = clock.instant().getEpochSecond();
    }

    /** The kept minutes, oldest first, then the minute in progress. */
    public synchronized List<Snapshot> series(Collection<LiveCall> live) {
        List<Snapshot> out = new ArrayList<>(ring);
        out.add(snapshot(live));
        return out;
    }

    private Snapshot snapshot(Collection<LiveCall> live) {
        long now = clock.instant().getEpochSecond();
        double seconds = Math.max(1, now - minuteStart);
        Map<String, Integer> activeTrunks = new HashMap<>();
        Map<String, Integer> activeCarriers = new HashMap<>();
        for (LiveCall c : live) {
            if (c.trunk() != null) {
                activeTrunks.merge(c.trunk(), 1, Integer::sum);
            }
            if (c.carrier() != null) {
                activeCarriers.merge(c.carrier(), 1, Integer::sum);
            }
        }
        return new Snapshot(now, minutes(trunks, activeTrunks, seconds, false),
                minutes(carriers, activeCarriers, seconds, true));
    }

    private static Map<String, Minute> minutes(Map<String, Counts> counts, Map<String, Integer> active, double seconds,
            boolean byAttempts) {
        Map<String, Minute> out = new TreeMap<>();
        java.util.Set<String> keys = new java.util.HashSet<>(counts.keySet());
        keys.addAll(active.keySet());
        for (String k : keys) {
            Counts c = counts.getOrDefault(k, new Counts());
            double asr = byAttempts ? (c.attempts > 0 ? (double) c.attempts2xx / c.attempts : Double.NaN)
                    : (c.calls > 0 ? (double) c.answered / c.calls : Double.NaN);
            out.put(k, new Minute(c.calls / seconds, active.getOrDefault(k, 0),
                    asr, c.pddCount > 0 ? c.pddNanos / 1e6 / c.pddCount : Double.NaN));
        }
        return out;
    }
}
