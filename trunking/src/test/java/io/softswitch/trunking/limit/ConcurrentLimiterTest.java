package io.softswitch.trunking.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Real threads racing on one limiter: the counters stay exact without locks. */
class ConcurrentLimiterTest {

    @Test
    void racingThreadsNeverExceedTheMaximumAndLeaveZero() throws Exception {
        InMemoryCallLimiter limiter = new InMemoryCallLimiter();
        LimitScope trunk = new LimitScope(LimitScope.TRUNK, "t", 0, 1, 3);
        LimitScope account = new LimitScope(LimitScope.ACCOUNT, "a", 0, 1, 5);
        AtomicInteger peak = new AtomicInteger();
        AtomicLong admitted = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int n = 0; n < 20_000; n++) {
                    if (limiter.tryAcquire(List.of(trunk, account)) instanceof Admission.Admitted a) {
                        admitted.incrementAndGet();
                        peak.accumulateAndGet(limiter.active(trunk), Math::max);
                        a.permit().release();
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(admitted.get()).isPositive();
        assertThat(peak.get()).isBetween(1, 3);
        assertThat(limiter.active(trunk)).isZero();
        assertThat(limiter.active(account)).isZero();
    }
}
