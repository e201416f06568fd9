package io.softswitch.core.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The dashboard's per-minute points are differences of the daemon's meters, kept for an hour. */
class MetricsRingTest {
    private Instant now = Instant.parse("2026-12-02T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void aMinuteHoldsItsCallRateAsrPerCarrierAndActiveCalls() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicInteger active = new AtomicInteger();
        registry.gauge("calls.active", active);
        MetricsRing ring = new MetricsRing(registry, clock);
        Counter.builder("calls").tag("status", "completed").register(registry).increment(120);
        Counter.builder("call.attempts").tag("carrier", "alpha").tag("status", "2xx").register(registry).increment(3);
        Counter.builder("call.attempts").tag("carrier", "alpha").tag("status", "4xx").register(registry).increment(1);
        Counter.builder("call.attempts").tag("carrier", "beta").tag("status", "5xx").register(registry).increment(2);
        active.set(7);
        now = now.plusSeconds(60);
        ring.sample();

        MetricsRing.Point p = ring.points().get(0);
        assertThat(p.callsPerSecond()).isEqualTo(2.0);
        assertThat(p.activeCalls()).isEqualTo(7);
        assertThat(p.asr()).isEqualTo(0.5);
        assertThat(p.asrByCarrier()).containsEntry("alpha", 0.75).containsEntry("beta", 0.0);
        assertThat(p.pddMs()).isNaN();

        now = now.plusSeconds(60);
        ring.sample();
        assertThat(ring.points().get(1).callsPerSecond()).as("nothing new in the second minute").isZero();
        assertThat(ring.points().get(1).asr()).isNaN();
    }

    @Test
    void keepsTheLastHourAndTheMinuteInProgress() {
        MetricsRing ring = new MetricsRing(new SimpleMeterRegistry(), clock);
        for (int i = 0; i < 90; i++) {
            now = now.plusSeconds(60);
            ring.sample();
        }
        assertThat(ring.points()).hasSize(MetricsRing.SIZE + 1);
        assertThat(ring.points().get(0).epochSecond()).isEqualTo(now.minusSeconds(59 * 60).getEpochSecond());
    }
}
