package io.softswitch.trunking.limit;

import java.util.List;

/**
 * Admits new calls against limits. {@link #tryAcquire} is all-or-nothing: scopes are checked in
 * the given order (trunk, then account pool; a carrier before each attempt), and a call refused
 * by any scope leaves every bucket and counter as it was. Implementations are thread-safe and
 * never block a SIP thread: the in-memory one is lock-free; a Redis one would run one script per
 * call over the same keys ({@link LimitScope#key()}).
 */
public interface CallLimiter {

    Admission tryAcquire(List<LimitScope> scopes);

    /** Calls currently holding a permit in {@code scope} (for metrics and tests). */
    int active(LimitScope scope);
}
