package io.softswitch.media.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.softswitch.media.DropReason;
import io.softswitch.media.MediaEvents;
import io.softswitch.media.Side;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.PercentileHistogramBuckets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The bench's Micrometer {@link MediaEvents} ({@code RelayNgServer --metrics=micrometer}): the
 * per-packet work of the daemon's media meters ({@code SoftswitchMetrics.mediaEvents()} in core,
 * which this module cannot depend on) - a counter pair per relayed packet and a sampled
 * percentile-histogram summary - so that their cost stays part of the relay measurement. Session
 * meters (a few updates per call) are left out; the meters are named {@code bench.*} so nobody
 * mistakes them for the daemon's.
 */
final class PacketMeters implements MediaEvents {
    private final Counter[] packets = new Counter[Side.values().length * 2];
    private final Counter[] bytes = new Counter[packets.length];
    private final Counter[] drops = new Counter[DropReason.values().length];
    private final DistributionSummary latency;
    /**
     * The same samples in the buckets the daemon's Prometheus histogram publishes (same minimum and
     * maximum expected value, so the same bucket bounds), counted since start: the bench reads them
     * at the start and end of its window to compare the relay's own latency metric with what the
     * generator measured (issue 21, goal 6) at the resolution /metrics has.
     */
    private final double[] bounds;
    private final AtomicLongArray bucketCounts;

    PacketMeters(MeterRegistry registry) {
        for (Side side : Side.values()) {
            for (boolean rtcp : new boolean[] {false, true}) {
                String leg = side.name().toLowerCase(Locale.ROOT);
                String kind = rtcp ? "rtcp" : "rtp";
                packets[index(side, rtcp)] = Counter.builder("bench.media.packets")
                        .tags("leg", leg, "kind", kind).register(registry);
                bytes[index(side, rtcp)] = Counter.builder("bench.media.bytes")
                        .tags("leg", leg, "kind", kind).register(registry);
            }
        }
        for (DropReason reason : DropReason.values()) {
            drops[reason.ordinal()] = Counter.builder("bench.media.dropped").tag("reason", reason.tag()).register(registry);
        }
        latency = DistributionSummary.builder("bench.media.relay.latency")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue(10_000_000.0)
                .register(registry);
        DistributionStatisticConfig histogram = DistributionStatisticConfig.builder().percentilesHistogram(true)
                .minimumExpectedValue(1.0).maximumExpectedValue(10_000_000.0).build()
                .merge(DistributionStatisticConfig.DEFAULT);
        bounds = PercentileHistogramBuckets.buckets(histogram).stream().mapToDouble(Double::doubleValue).toArray();
        bucketCounts = new AtomicLongArray(bounds.length + 1); // the last: above the largest bound (+Inf)
    }

    /** Bucket upper bounds in µs and counts (not cumulative; the last count is +Inf), as lists for bencode. */
    List<Object> latencyBuckets() {
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i <= bounds.length; i++) {
            long bound = i < bounds.length ? Math.round(bounds[i]) : -1;
            rows.add(List.of(bound, bucketCounts.get(i)));
        }
        return rows;
    }

    private final java.util.concurrent.atomic.AtomicInteger shed = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong maxLoopLag = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public void sessionShed(String label, boolean isShed) {
        shed.addAndGet(isShed ? 1 : -1);
    }

    @Override
    public void loopLag(long maxNanos) {
        maxLoopLag.accumulateAndGet(maxNanos, Math::max);
    }

    /** Sessions shed now. */
    long shedSessions() {
        return shed.get();
    }

    /** The largest loop lag reported since the last {@link #takeMaxLoopLag} (ns). */
    long maxLoopLag() {
        return maxLoopLag.get();
    }

    /** The largest loop lag reported since the last call (ns), then reset. */
    long takeMaxLoopLag() {
        return maxLoopLag.getAndSet(0);
    }

    long drops(DropReason reason) {
        return (long) drops[reason.ordinal()].count();
    }

    private static int index(Side side, boolean rtcp) {
        return side.ordinal() * 2 + (rtcp ? 1 : 0);
    }

    @Override
    public void packetRelayed(Side from, boolean rtcp, int size) {
        int i = index(from, rtcp);
        packets[i].increment();
        bytes[i].increment(size);
    }

    @Override
    public void relayLatency(long nanos) {
        double micros = nanos / 1000.0;
        latency.record(micros);
        int i = java.util.Arrays.binarySearch(bounds, micros);
        bucketCounts.incrementAndGet(i >= 0 ? i : -i - 1); // first bound >= the value, as Prometheus' le
    }

    @Override
    public void packetDropped(Side from, DropReason reason) {
        drops[reason.ordinal()].increment();
    }
}
