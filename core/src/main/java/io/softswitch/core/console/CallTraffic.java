package io.softswitch.core.console;

import io.softswitch.core.call.CallEvents;
import io.softswitch.core.call.CallSummary;
import io.softswitch.core.call.LiveCall;
import io.softswitch.core.call.OutboundInvite;
import io.softswitch.media.LatencyHistogram;
import io.softswitch.sip.SipStatus;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's per-trunk and per-carrier last hour, one {@link Minute} per key and minute, counted
 * from the engine's call events (the daemon's meters are labelled by carrier only, and a trunk label
 * per meter would multiply every Prometheus series): calls ended, answered, post-dial delay,
 * carrier attempts and their 2xx, the concurrent calls seen when the minute closed, and the relay
 * latency p99. Keys are trunk and carrier SIDs. Thread-safe: events arrive on many threads
 * (synchronized; each event is a few map updates), {@link #sample} and {@link #series} on the console's.
 *
 * <p>Relay latency: the relay counts each session's sampled latencies into the session's own
 * {@link LatencyHistogram} (no lock, no allocation per packet); here a call's histogram is read
 * when a minute closes (from the live calls) and when the call ends, and what it gained since the
 * last reading is merged into its trunk's and its carrier's minute. The p99 is taken from the merged
 * counts, so a busy trunk's minute weighs each packet sample the same whichever call it came from.
 */
public final class CallTraffic implements CallEvents {
    private final Clock clock;
    private final Map<String, Long> pddNanos = new ConcurrentHashMap<>();
    /** Per live call: its cumulative latency histogram as already merged into a closed minute. */
    private final Map<String, LatencyHistogram> latencyMerged = new HashMap<>();
    /** Calls ended since the last {@link #sample}: a live list read before the end must not count them again. */
    private Set<String> endedSinceSample = new HashSet<>();
    private final ArrayDeque<Snapshot> ring = new ArrayDeque<>();
    private Map<String, Counts> trunks = new HashMap<>();
    private Map<String, Counts> carriers = new HashMap<>();
    private long minuteStart;

    /**
     * One key's minute: calls/s, concurrent calls, ASR 0-1 (NaN without calls), mean PDD (NaN
     * without) and relay latency p99 in µs (NaN without relayed packets; a bucket's upper bound, see
     * {@link LatencyHistogram}).
     */
    public record Minute(double callsPerSecond, double active, double asr, double pddMs, double relayP99Us) {
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
        LatencyHistogram latency = LatencyHistogram.EMPTY;
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
            endedSinceSample.add(s.sid());
            LatencyHistogram merged = latencyMerged.remove(s.sid());
            LatencyHistogram total = s.media() == null ? LatencyHistogram.EMPTY : s.media().relayLatency();
            LatencyHistogram latency = total.minus(merged == null ? LatencyHistogram.EMPTY : merged);
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
                c.latency = c.latency.plus(latency);
            }
        }
    }

    /** Closes the current minute into the ring; {@code live} are the calls up now. */
    public synchronized void sample(Collection<LiveCall> live) {
        Set<String> up = new HashSet<>();
        for (LiveCall c : live) {
            if (c.media() == null || endedSinceSample.contains(c.sid())) {
                continue;
            }
            up.add(c.sid());
            LatencyHistogram now = c.media().relayLatency();
            LatencyHistogram gained = now.minus(latencyMerged.getOrDefault(c.sid(), LatencyHistogram.EMPTY));
            latencyMerged.put(c.sid(), now);
            if (c.trunk() != null) {
                Counts t = trunks.computeIfAbsent(c.trunk(), k -> new Counts());
                t.latency = t.latency.plus(gained);
            }
            if (c.carrier() != null) {
                Counts t = carriers.computeIfAbsent(c.carrier(), k -> new Counts());
                t.latency = t.latency.plus(gained);
            }
        }
        latencyMerged.keySet().retainAll(up); // a call that ended without a record (no callEnded) is forgotten here
        ring.addLast(snapshot(List.of(), live));
        while (ring.size() > MetricsRing.SIZE) {
            ring.removeFirst();
        }
        trunks = new HashMap<>();
        carriers = new HashMap<>();
        endedSinceSample = new HashSet<>();
        minuteStart = clock.instant().getEpochSecond();
    }

    /** The kept minutes, oldest first, then the minute in progress. */
    public synchronized List<Snapshot> series(Collection<LiveCall> live) {
        List<Snapshot> out = new ArrayList<>(ring);
        out.add(snapshot(live, live));
        return out;
    }

    /**
     * The minute so far; {@code unmerged} are live calls whose latency gained since the last
     * reading is added to it without being marked merged (the minute in progress).
     */
    private Snapshot snapshot(Collection<LiveCall> unmerged, Collection<LiveCall> live) {
        Map<String, LatencyHistogram> trunkLatency = new HashMap<>();
        Map<String, LatencyHistogram> carrierLatency = new HashMap<>();
        for (LiveCall c : unmerged) {
            if (c.media() == null || endedSinceSample.contains(c.sid())) {
                continue;
            }
            LatencyHistogram gained = c.media().relayLatency()
                    .minus(latencyMerged.getOrDefault(c.sid(), LatencyHistogram.EMPTY));
            if (c.trunk() != null) {
                trunkLatency.merge(c.trunk(), gained, LatencyHistogram::plus);
            }
            if (c.carrier() != null) {
                carrierLatency.merge(c.carrier(), gained, LatencyHistogram::plus);
            }
        }
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
        return new Snapshot(now, minutes(trunks, activeTrunks, trunkLatency, seconds, false),
                minutes(carriers, activeCarriers, carrierLatency, seconds, true));
    }

    private static Map<String, Minute> minutes(Map<String, Counts> counts, Map<String, Integer> active,
            Map<String, LatencyHistogram> moreLatency, double seconds, boolean byAttempts) {
        Map<String, Minute> out = new TreeMap<>();
        Set<String> keys = new HashSet<>(counts.keySet());
        keys.addAll(active.keySet());
        for (String k : keys) {
            Counts c = counts.getOrDefault(k, new Counts());
            double asr = byAttempts ? (c.attempts > 0 ? (double) c.attempts2xx / c.attempts : Double.NaN)
                    : (c.calls > 0 ? (double) c.answered / c.calls : Double.NaN);
            LatencyHistogram latency = c.latency.plus(moreLatency.getOrDefault(k, LatencyHistogram.EMPTY));
            out.put(k, new Minute(c.calls / seconds, active.getOrDefault(k, 0),
                    asr, c.pddCount > 0 ? c.pddNanos / 1e6 / c.pddCount : Double.NaN, latency.percentileMicros(0.99)));
        }
        return out;
    }
}
