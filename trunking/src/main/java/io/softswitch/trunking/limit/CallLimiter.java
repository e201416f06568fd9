package io.softswitch.trunking.limit;

import java.util.List;

/**
 * Admits new calls against limits. {@link #tryAcquire} is all-or-nothing: scopes are checked in
 * the given order (trunk, then account pool; a carrier before each attempt), and a call refused
 * by any scope leaves every bucket and counter as it was. Implementations are thread-safe and
 * never block a SIP thread: the in-memory one is lock-free; the cluster-wide one (core's
 * {@code RedisCallLimiter}) runs Redis scripts over the same keys ({@link LimitScope#key()}) and
 * waits for Redis at most its configured timeout.
 */
public interface CallLimiter {

    Admission tryAcquire(List<LimitScope> scopes);

    /** Calls currently holding a permit in {@code scope} (for metrics and tests). */
    int active(LimitScope scope);
}
