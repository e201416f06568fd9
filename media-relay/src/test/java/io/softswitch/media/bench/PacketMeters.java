package io.softswitch.media.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.softswitch.media.DropReason;
import io.softswitch.media.MediaEvents;
import io.softswitch.media.Side;
import java.util.Locale;

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
                .maximumExpectedValue(100_000.0)
                .register(registry);
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
        latency.record(nanos / 1000.0);
    }

    @Override
    public void packetDropped(Side from, DropReason reason) {
        drops[reason.ordinal()].increment();
    }
}
