package io.softswitch.trunking.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.trunking.internal.TokenBucket;
import io.softswitch.trunking.limit.Admission;
import io.softswitch.trunking.limit.InMemoryCallLimiter;
import io.softswitch.trunking.limit.LimitScope;
import io.softswitch.trunking.limit.Permit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class LimiterPropertyTest {

    /**
     * For any arrival times, in every window [t, t + W) of every length W the bucket admits at most
     * rate * W + burst calls.
     */
    @Property(tries = 200)
    void tokenBucketNeverAdmitsMoreThanRateTimesWindowPlusBurst(@ForAll @IntRange(min = 1, max = 500) int rate,
            @ForAll @IntRange(min = 1, max = 50) int burst,
            @ForAll @Size(min = 1, max = 400) List<@LongRange(min = 0, max = 50_000_000) Long> gapsNanos) {
        TokenBucket bucket = new TokenBucket();
        long t = 1_000_000_000L;
        List<Long> admitted = new ArrayList<>();
        for (long gap : gapsNanos) {
            t += gap;
            if (bucket.tryTake(t, rate, burst)) {
                admitted.add(t);
            }
        }
        for (int i = 0; i < admitted.size(); i++) {
            for (int j = i; j < admitted.size(); j++) {
                // calls i..j all lie in a window from admitted[i] of length (admitted[j] - admitted[i]) + 1ns
                double window = (admitted.get(j) - admitted.get(i) + 1) / 1e9;
                int count = j - i + 1;
                assertThat((double) count).as("%d calls in %.9f s", count, window)
                        .isLessThanOrEqualTo(rate * window + burst);
            }
        }
    }

    /**
     * Any interleaving of acquires and releases across a trunk and its account leaves every
     * counter at zero once all permits are released, never exceeds a maximum on the way, and a
     * refused call changes no counter.
     */
    @Property(tries = 300)
    void concurrencyCountersReturnToZeroAfterAnyInterleaving(@ForAll @IntRange(min = 1, max = 40) int calls,
            @ForAll @IntRange(min = 0, max = 8) int trunkMax, @ForAll @IntRange(min = 0, max = 8) int accountMax,
            @ForAll long seed) {
        AtomicLong clock = new AtomicLong();
        InMemoryCallLimiter limiter = new InMemoryCallLimiter(clock::get);
        LimitScope trunk = new LimitScope(LimitScope.TRUNK, "t", 0, 1, trunkMax);
        LimitScope account = new LimitScope(LimitScope.ACCOUNT, "a", 0, 1, accountMax);
        // each call contributes an acquire event and a later release event, shuffled together
        List<int[]> events = new ArrayList<>();
        for (int c = 0; c < calls; c++) {
            events.add(new int[] {c, 0});
            events.add(new int[] {c, 1});
        }
        Collections.shuffle(events, new Random(seed));
        Permit[] permits = new Permit[calls];
        boolean[] started = new boolean[calls];
        for (int[] e : events) {
            int call = e[0];
            boolean acquireEvent = !started[call]; // the first event of a call is its acquire
            started[call] = true;
            if (acquireEvent) {
                int trunkBefore = limiter.active(trunk);
                int accountBefore = limiter.active(account);
                Admission a = limiter.tryAcquire(List.of(trunk, account));
                if (a instanceof Admission.Admitted admitted) {
                    permits[call] = admitted.permit();
                } else {
                    assertThat(limiter.active(trunk)).isEqualTo(trunkBefore);
                    assertThat(limiter.active(account)).isEqualTo(accountBefore);
                }
            } else if (permits[call] != null) {
                permits[call].release();
                permits[call].release(); // a second release must not count twice
            }
            if (trunkMax > 0) {
                assertThat(limiter.active(trunk)).isLessThanOrEqualTo(trunkMax);
            }
            if (accountMax > 0) {
                assertThat(limiter.active(account)).isLessThanOrEqualTo(accountMax);
            }
        }
        assertThat(limiter.active(trunk)).isZero();
        assertThat(limiter.active(account)).isZero();
    }
}
