package io.softswitch.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InviteClaimsTest {

    @Test
    void theFirstCopyWinsAndCopiesWithinTheWindowAreAbsorbed() {
        InviteClaims claims = new InviteClaims(32_000, 100);
        assertTrue(claims.claim("call-1 z9hG4bK1", 1_000));
        assertFalse(claims.claim("call-1 z9hG4bK1", 1_500), "retransmission after 500 ms");
        assertFalse(claims.claim("call-1 z9hG4bK1", 33_000), "still within 32 s");
        assertTrue(claims.claim("call-1 z9hG4bK2", 1_600), "a new transaction (e.g. the retry with credentials)");
        assertTrue(claims.claim("call-1 z9hG4bK1", 33_001), "after the window it is a new request");
    }

    @Test
    void memoryIsBoundedByCountAndAge() {
        InviteClaims claims = new InviteClaims(1_000, 3);
        for (int i = 0; i < 10; i++) {
            claims.claim("k" + i, 100);
        }
        assertEquals(3, claims.size());
        claims.claim("late", 5_000);
        assertEquals(1, claims.size(), "expired keys are swept");
    }

    @Test
    void concurrentCopiesOfOneInviteYieldExactlyOneClaim() throws Exception {
        InviteClaims claims = new InviteClaims(32_000, 1000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        ConcurrentLinkedQueue<Boolean> results = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < 8; i++) {
            pool.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                results.add(claims.claim("call-x z9hG4bKx", 1_000));
            });
        }
        go.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(1, results.stream().filter(b -> b).count());
    }
}
