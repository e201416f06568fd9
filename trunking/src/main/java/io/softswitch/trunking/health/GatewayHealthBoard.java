package io.softswitch.trunking.health;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The health of every probed gateway. Probe results come in from the prober's threads; routing
 * reads concurrently without locks. Transitions are reported to a {@link Listener} on the thread
 * that recorded the result.
 */
public final class GatewayHealthBoard implements GatewayStatus {
    private final ConcurrentHashMap<GatewayId, GatewayHealth> states = new ConcurrentHashMap<>();
    private final HealthPolicy policy;
    private final Clock clock;
    private final Listener listener;

    /** Told when a gateway goes up or down (metrics, logs); must not block. */
    public interface Listener {
        Listener NONE = (id, health) -> { };

        void onChange(GatewayId id, GatewayHealth health);
    }

    public GatewayHealthBoard(HealthPolicy policy, Clock clock, Listener listener) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Applies one probe result and returns the new state. */
    public GatewayHealth record(GatewayId id, ProbeResult result) {
        var now = clock.instant();
        GatewayHealth[] before = new GatewayHealth[1];
        GatewayHealth after = states.compute(id, (k, old) -> {
            GatewayHealth base = old == null ? GatewayHealth.initial(now) : old;
            before[0] = base;
            return base.next(result, now, policy);
        });
        if (before[0].up() != after.up()) {
            listener.onChange(id, after);
        }
        return after;
    }

    @Override
    public boolean isDown(GatewayId id) {
        GatewayHealth h = states.get(id);
        return h != null && h.isDown(clock.instant());
    }

    /** The current state of every probed gateway. */
    public Map<GatewayId, GatewayHealth> snapshot() {
        return Map.copyOf(states);
    }
}
