package io.softswitch.trunking;

import io.softswitch.trunking.limit.Admission;
import io.softswitch.trunking.limit.CallLimiter;
import io.softswitch.trunking.limit.Permit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A routed call and the limits it holds. The plan owns every permit taken for the call: the trunk
 * and account permit it was admitted with ({@link Router#plan}) and each attempt's carrier permit
 * ({@link #acquire}). {@link #close()} gives back whatever is still held, so a caller has one thing
 * to close on every path a call can end instead of an admit / acquire / release protocol to follow.
 *
 * <p>Thread-safe. {@link #close()} is idempotent; after it {@link #acquire} takes nothing.
 */
public final class RoutePlan implements PlanDecision, AutoCloseable {
    private final RouteDecision.Routed routed;
    private final CallLimiter limiter;
    private final List<Permit> held = new ArrayList<>(2);
    private boolean closed;

    RoutePlan(RouteDecision.Routed routed, Permit admitted, CallLimiter limiter) {
        this.routed = Objects.requireNonNull(routed, "routed");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        held.add(Objects.requireNonNull(admitted, "admitted"));
    }

    /** The routing decision: normalized numbers, matched prefix and the attempts in order. */
    public RouteDecision.Routed routed() {
        return routed;
    }

    public List<Attempt> attempts() {
        return routed.attempts();
    }

    /**
     * Takes {@code attempt}'s carrier limit, just before its INVITE is sent. The returned permit may
     * be released when the attempt ends (failover); whatever is not is released by {@link #close()}.
     * {@link Admission.Refused} means the carrier is at its limit: skip the attempt.
     */
    public Admission acquire(Attempt attempt) {
        if (attempt.limit() == null || attempt.limit().unlimited()) {
            return new Admission.Admitted(Permit.NONE);
        }
        synchronized (this) {
            if (closed) {
                return new Admission.Refused(attempt.limit(), false);
            }
            Admission a = limiter.tryAcquire(List.of(attempt.limit()));
            if (a instanceof Admission.Admitted ok) {
                held.add(ok.permit());
            }
            return a;
        }
    }

    /** True once {@link #close()} ran. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** Releases the call's permit and every attempt permit still held. */
    @Override
    public void close() {
        List<Permit> release;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            release = List.copyOf(held);
            held.clear();
        }
        for (Permit p : release) {
            p.release();
        }
    }
}
