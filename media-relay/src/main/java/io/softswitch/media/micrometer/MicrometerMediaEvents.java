package io.softswitch.media.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.softswitch.media.DropReason;
import io.softswitch.media.DtmfEvent;
import io.softswitch.media.Side;
import io.softswitch.media.MediaEvents;
import io.softswitch.media.MediaStats;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * All media meters, declared here with their descriptions. Every meter is created up front, so
 * the per-packet methods only increment (no lookup, no allocation). Tags: {@code leg} = {@code a}
 * or {@code b} (the sender), {@code kind} = {@code rtp} or {@code rtcp}, {@code reason} = a {@link
 * DropReason#tag()}.
 */
public final class MicrometerMediaEvents implements MediaEvents {
    private final Counter[] packets = new Counter[4];
    private final Counter[] bytes = new Counter[4];
    private final Counter[] drops = new Counter[DropReason.values().length];
    private final DistributionSummary latency;
    private final Counter timeouts;
    private final Counter dtmfDigits;
    private final Counter allocationFailures;
    private final AtomicInteger activeSessions = new AtomicInteger();
    private final AtomicInteger portsInUse = new AtomicInteger();

    public MicrometerMediaEvents(MeterRegistry registry) {
        for (Side leg : Side.values()) {
            for (int rtcp = 0; rtcp < 2; rtcp++) {
                String legTag = leg.name().toLowerCase(java.util.Locale.ROOT);
                String kind = rtcp == 1 ? "rtcp" : "rtp";
                packets[index(leg, rtcp == 1)] = Counter.builder("media.packets")
                        .description("Packets relayed, by sending leg and kind")
                        .tags("leg", legTag, "kind", kind).register(registry);
                bytes[index(leg, rtcp == 1)] = Counter.builder("media.bytes")
                        .description("UDP payload bytes relayed, by sending leg and kind")
                        .baseUnit("bytes").tags("leg", legTag, "kind", kind).register(registry);
            }
        }
        for (DropReason reason : DropReason.values()) {
            drops[reason.ordinal()] = Counter.builder("media.drops")
                    .description("Packets received but not relayed, by reason")
                    .tag("reason", reason.tag()).register(registry);
        }
        latency = DistributionSummary.builder("media.relay.latency")
                .description("Time from reading a packet to handing it to the kernel, in microseconds "
                        + "(sampled: 1 in " + MediaEvents.LATENCY_SAMPLE_INTERVAL + " packets per session)")
                .baseUnit("microseconds")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue(100_000.0)
                .register(registry);
        timeouts = Counter.builder("media.rtp.timeouts")
                .description("Sessions silent on both legs for the RTP timeout").register(registry);
        dtmfDigits = Counter.builder("media.dtmf.digits")
                .description("RFC 4733 DTMF digits seen (counted at their end)").register(registry);
        allocationFailures = Counter.builder("media.allocation.failures")
                .description("Sessions refused: port range exhausted or ports not bindable").register(registry);
        Gauge.builder("media.sessions.active", activeSessions, AtomicInteger::get)
                .description("Open relay sessions").register(registry);
        Gauge.builder("media.ports.in_use", portsInUse, AtomicInteger::get)
                .description("Relay ports held by open sessions").register(registry);
    }

    private static int index(Side leg, boolean rtcp) {
        return leg.ordinal() * 2 + (rtcp ? 1 : 0);
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

    @Override
    public void sessionOpened(int active, int ports) {
        activeSessions.set(active);
        portsInUse.set(ports);
    }

    @Override
    public void sessionClosed(MediaStats stats, int active, int ports) {
        activeSessions.set(active);
        portsInUse.set(ports);
    }

    @Override
    public void allocationFailed(String reason) {
        allocationFailures.increment();
    }

    @Override
    public void rtpTimeout(String label) {
        timeouts.increment();
    }

    @Override
    public void dtmf(DtmfEvent event) {
        if (event.end()) {
            dtmfDigits.increment();
        }
    }
}
