package io.softswitch.core.health;

import io.softswitch.sip.ProbeOutcome;
import io.softswitch.trunking.SipDestination;
import io.softswitch.sip.SipReply;
import io.softswitch.sip.SipStatus;
import io.softswitch.sip.SipUri;
import io.softswitch.trunking.CarrierProfile;
import io.softswitch.trunking.RoutingSnapshot;
import io.softswitch.trunking.SnapshotHolder;
import io.softswitch.trunking.health.GatewayHealthBoard;
import io.softswitch.trunking.health.ProbeResult;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every enabled gateway of every carrier whose {@code probeIntervalSeconds} is above zero
 * with OPTIONS, and records the outcome on the health board, so that routing skips gateways that
 * are down instead of waiting for each call to time out. Reads the current snapshot on every tick,
 * so provisioning changes take effect without a restart.
 */
public final class GatewayProber implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayProber.class);
    /** How often the schedule is re-read; each gateway is probed at its carrier's own interval. */
    static final long TICK_MS = 1000;

    private final SnapshotHolder snapshots;
    private final GatewayHealthBoard board;
    private final BiConsumer<SipUri, java.util.function.Consumer<ProbeOutcome>> probe;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gateway-prober");
        t.setDaemon(true);
        return t;
    });
    private final java.util.Map<String, Long> nextDue = new java.util.concurrent.ConcurrentHashMap<>();

    public GatewayProber(SnapshotHolder snapshots, GatewayHealthBoard board,
            BiConsumer<SipUri, java.util.function.Consumer<ProbeOutcome>> probe) {
        this.snapshots = snapshots;
        this.board = board;
        this.probe = probe;
        timer.scheduleWithFixedDelay(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            long now = System.nanoTime();
            RoutingSnapshot snapshot = snapshots.current();
            for (CarrierProfile cp : snapshot.carriers()) {
                var c = cp.carrier();
                if (c.probeIntervalSeconds() <= 0) {
                    continue;
                }
                for (SipDestination g : cp.gateways()) {
                    if (!g.enabled()) {
                        continue;
                    }
                    String key = c.name() + "/" + g.name() + "/" + g.address();
                    Long due = nextDue.get(key);
                    if (due != null && due - now > 0) {
                        continue;
                    }
                    nextDue.put(key, now + TimeUnit.SECONDS.toNanos(c.probeIntervalSeconds()));
                    send(cp, g);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("probe tick failed: {}", e.toString());
        }
    }

    private void send(CarrierProfile cp, SipDestination g) {
        SipUri target = new SipUri(g.address().user(), g.address().host(), g.address().port(), g.address().transport());
        long t0 = System.nanoTime();
        probe.accept(target, outcome -> {
            Duration latency = Duration.ofNanos(System.nanoTime() - t0);
            ProbeResult result;
            if (outcome instanceof ProbeOutcome.NotSent notSent) {
                result = new ProbeResult.TransportError(notSent.reason());
            } else if (((ProbeOutcome.Answered) outcome).reply().status().equals(SipStatus.REQUEST_TIMEOUT)) {
                result = new ProbeResult.Timeout();
            } else {
                SipReply reply = ((ProbeOutcome.Answered) outcome).reply();
                Duration retryAfter = reply.headers().stream().filter(h -> h.name().equals("Retry-After"))
                        .findFirst().map(h -> Duration.ofSeconds(Math.max(0, Long.parseLong(h.value()))))
                        .orElse(Duration.ZERO);
                result = new ProbeResult.Reply(reply.status().code(), latency, retryAfter);
            }
            board.record(cp.gatewayId(g), result);
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
