package io.softswitch.trunking.limit;

import io.softswitch.trunking.internal.ConcurrencyCounter;
import io.softswitch.trunking.internal.TokenBucket;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Limits for one node: a {@link TokenBucket} and a {@link ConcurrencyCounter} per scope key, both
 * compare-and-set only. Limits are read from the scopes on every call, so a new provisioning
 * snapshot applies immediately and keeps the counts. State of a scope lives as long as the
 * limiter (one small entry per trunk, account and carrier).
 */
public final class InMemoryCallLimiter implements CallLimiter {
    private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    public InMemoryCallLimiter() {
        this(System::nanoTime);
    }

    /** A limiter reading time from {@code nanoClock} (monotonic nanoseconds; tests pass a fake). */
    public InMemoryCallLimiter(LongSupplier nanoClock) {
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    @Override
    public Admission tryAcquire(List<LimitScope> scopes) {
        long now = nanoClock.getAsLong();
        State[] taken = new State[scopes.size()];
        for (int i = 0; i < scopes.size(); i++) {
            LimitScope scope = scopes.get(i);
            if (scope.unlimited()) {
                continue;
            }
            State s = states.computeIfAbsent(scope.key(), k -> new State());
            boolean cpsOk = scope.cps() == 0 || s.bucket.tryTake(now, scope.cps(), scope.burst());
            boolean concurrentOk = cpsOk && s.counter.tryAcquire(scope.maxConcurrent());
            if (!concurrentOk) {
                if (cpsOk && scope.cps() > 0) {
                    s.bucket.refund(scope.cps());
                }
                rollBack(scopes, taken, i);
                return new Admission.Refused(scope, !cpsOk);
            }
            taken[i] = s;
        }
        return new Admission.Admitted(new HeldPermit(taken));
    }

    @Override
    public int active(LimitScope scope) {
        State s = states.get(scope.key());
        return s == null ? 0 : s.counter.active();
    }

    private static void rollBack(List<LimitScope> scopes, State[] taken, int upTo) {
        for (int j = 0; j < upTo; j++) {
            if (taken[j] != null) {
                taken[j].counter.release();
                if (scopes.get(j).cps() > 0) {
                    taken[j].bucket.refund(scopes.get(j).cps());
                }
            }
        }
    }

    private static final class State {
        final TokenBucket bucket = new TokenBucket();
        final ConcurrencyCounter counter = new ConcurrencyCounter();
    }

    private static final class HeldPermit implements Permit {
        private final State[] held;
        private final AtomicBoolean released = new AtomicBoolean();

        HeldPermit(State[] held) {
            this.held = held;
        }

        @Override
        public void release() {
            if (released.compareAndSet(false, true)) {
                for (State s : held) {
                    if (s != null) {
                        s.counter.release();
                    }
                }
            }
        }
    }
}
