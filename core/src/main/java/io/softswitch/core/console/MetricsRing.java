package io.softswitch.core.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard's last hour: one {@link Point} per minute computed from the daemon's own Micrometer
 * meters (not Prometheus) as the difference between two readings. {@link #sample()} is called once a
 * minute; {@link #points()} adds the minute in progress so a fresh daemon shows data at once.
 * Thread-safe (synchronized; one reading is a few map lookups).
 */
public final class MetricsRing {
    /** Minutes kept. */
    public static final int SIZE = 60;

    private final MeterRegistry registry;
    private final Clock clock;
    private final ArrayDeque<Point> ring = new ArrayDeque<>();
    private Totals last;

    /**
     * One minute (or the minute in progress).
     *
     * @param asr          answered / attempted, 0-1, NaN without attempts
     * @param pddMs        mean post-dial delay, NaN without calls
     * @param relayP99Us   99th percentile of relay latency in microseconds, NaN without packets
     * @param asrByCarrier ASR per carrier name
     */
    public record Point(long epochSecond, double callsPerSecond, double activeCalls, double asr, double pddMs,
            double relayP99Us, Map<String, Double> asrByCarrier) {
    }

    private record Totals(long epochSecond, double calls, Map<String, double[]> attempts, long pddCount,
            double pddTotalMs, double[] latencyBuckets, double[] latencyCounts) {
    }

    public MetricsRing(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.last = read();
    }

    /** Closes the current minute into the ring. */
    public synchronized void sample() {
        Totals now = read();
        ring.addLast(between(last, now));
        while (ring.size() > SIZE) {
            ring.removeFirst();
        }
        last = now;
    }

    /** The kept minutes, oldest first, then the minute in progress. */
    public synchronized List<Point> points() {
        List<Point> out = new ArrayList<>(ring);
        out.add(between(last, read()));
        return out;
    }

    private Point between(Totals a, Totals b) {
        double seconds = Math.max(1, b.epochSecond - a.epochSecond);
        double attempts = 0;
        double answered = 0;
        Map<String, Double> byCarrier = new TreeMap<>();
        for (Map.Entry<String, double[]> e : b.attempts.entrySet()) {
            double[] before = a.attempts.getOrDefault(e.getKey(), new double[2]);
            double n = e.getValue()[0] - before[0];
            double ok = e.getValue()[1] - before[1];
            if (n > 0) {
                byCarrier.put(e.getKey(), ok / n);
            }
            attempts += n;
            answered += ok;
        }
        long pddN = b.pddCount - a.pddCount;
        Gauge active = registry.find("calls.active").gauge();
        return new Point(b.epochSecond, (b.calls - a.calls) / seconds, active == null ? 0 : active.value(),
                attempts > 0 ? answered / attempts : Double.NaN,
                pddN > 0 ? (b.pddTotalMs - a.pddTotalMs) / pddN : Double.NaN, p99(a, b), byCarrier);
    }

    /** The upper bound of the bucket holding the 99th percentile of the packets between two readings. */
    private static double p99(Totals a, Totals b) {
        double[] counts = b.latencyCounts;
        if (counts.length == 0) {
            return Double.NaN;
        }
        double total = counts[counts.length - 1] - (a.latencyCounts.length == counts.length ? a.latencyCounts[counts.length - 1] : 0);
        if (total <= 0) {
            return Double.NaN;
        }
        for (int i = 0; i < counts.length; i++) {
            double d = counts[i] - (a.latencyCounts.length == counts.length ? a.latencyCounts[i] : 0);
            if (d >= 0.99 * total) {
                return b.latencyBuckets[i];
            }
        }
        return b.latencyBuckets[counts.length - 1];
    }

    private Totals read() {
        double calls = registry.find("calls").counters().stream().mapToDouble(Counter::count).sum();
        Map<String, double[]> attempts = new TreeMap<>();
        for (Counter c : registry.find("call.attempts").counters()) {
            double[] v = attempts.computeIfAbsent(c.getId().getTag("carrier"), k -> new double[2]);
            v[0] += c.count();
            if ("2xx".equals(c.getId().getTag("status"))) {
                v[1] += c.count();
            }
        }
        Timer pdd = registry.find("call.setup.time").timer();
        DistributionSummary latency = registry.find("media.relay.latency").summary();
        double[] buckets = new double[0];
        double[] counts = new double[0];
        if (latency != null) {
            CountAtBucket[] h = latency.takeSnapshot().histogramCounts();
            buckets = new double[h.length];
            counts = new double[h.length];
            for (int i = 0; i < h.length; i++) {
                buckets[i] = h[i].bucket();
                counts[i] = h[i].count(); // cumulative
            }
        }
        return new Totals(clock.instant().getEpochSecond(), calls, attempts, pdd == null ? 0 : pdd.count(),
                pdd == null ? 0 : pdd.totalTime(TimeUnit.MILLISECONDS), buckets, counts);
    }
}
