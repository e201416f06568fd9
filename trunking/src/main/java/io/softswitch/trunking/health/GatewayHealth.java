package io.softswitch.trunking.health;

import java.time.Duration;
import java.time.Instant;

/**
 * The health of one gateway: an immutable state, advanced by {@link #next}. A gateway starts up
 * (never probed means usable), goes down after {@code failuresToDown} consecutive failures or at
 * once on a {@code 503} with {@code Retry-After}, and comes back up after {@code successesToUp}
 * consecutive good probes; probes during a {@code Retry-After} hold do not count.
 *
 * @param up                   usable for new attempts
 * @param consecutiveFailures  failures since the last success
 * @param consecutiveSuccesses successes since the last failure (or since the hold ended)
 * @param heldUntil            end of a {@code Retry-After} hold, or null
 * @param lastLatency          round trip of the last reply, or null
 * @param since                when {@code up} last changed (or the first probe)
 */
public record GatewayHealth(boolean up, int consecutiveFailures, int consecutiveSuccesses, Instant heldUntil,
        Duration lastLatency, Instant since) {

    public static GatewayHealth initial(Instant now) {
        return new GatewayHealth(true, 0, 0, null, null, now);
    }

    /** Whether new attempts should skip this gateway at {@code now}. */
    public boolean isDown(Instant now) {
        return !up || (heldUntil != null && now.isBefore(heldUntil));
    }

    public GatewayHealth next(ProbeResult result, Instant now, HealthPolicy policy) {
        Duration latency = result instanceof ProbeResult.Reply r ? r.latency() : lastLatency;
        Instant hold = heldUntil != null && now.isBefore(heldUntil) ? heldUntil : null;
        if (result instanceof ProbeResult.Reply r && r.status() == 503 && !r.retryAfter().isZero()) {
            long ms = Math.min(r.retryAfter().toMillis(), policy.maxRetryAfterMs());
            Instant until = now.plusMillis(ms);
            hold = hold != null && hold.isAfter(until) ? hold : until;
            return new GatewayHealth(false, consecutiveFailures + 1, 0, hold, latency, up ? now : since);
        }
        if (result.isFailure()) {
            int failures = consecutiveFailures + 1;
            boolean nowUp = up && failures < policy.failuresToDown();
            return new GatewayHealth(nowUp, failures, 0, hold, latency, nowUp == up ? since : now);
        }
        if (hold != null) {
            return new GatewayHealth(up, 0, 0, hold, latency, since);
        }
        int successes = consecutiveSuccesses + 1;
        boolean nowUp = up || successes >= policy.successesToUp();
        return new GatewayHealth(nowUp, 0, successes, null, latency, nowUp == up ? since : now);
    }
}
