package io.softswitch.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.config.RedisConfig;
import io.softswitch.core.testing.RedisServer;
import io.softswitch.trunking.limit.Admission;
import io.softswitch.trunking.limit.LimitScope;
import io.softswitch.trunking.limit.Permit;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cluster-wide limits on a private {@code redis-server} (issue 17): two limiters are two nodes;
 * the kill -9 node is a separate JVM. Each test uses its own trunk id, so they share one server.
 */
class RedisCallLimiterTest {
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    private static RedisCallLimiter node(String name) {
        // Generous timeouts: these tests are about the limits, not latency, on a shared machine.
        return RedisCallLimiter.start(new RedisConfig(redis.url(), false, Duration.ofSeconds(2),
                Duration.ofSeconds(2), LEASE), name, LimitsListener.NONE);
    }

    @Test
    void twoNodesHoldAConcurrencyLimitOf30Exactly() throws Exception {
        LimitScope trunk = LimitScope.of(LimitScope.TRUNK, "TKconcurrency", 0, 30);
        try (RedisCallLimiter a = node("a"); RedisCallLimiter b = node("b")) {
            assertThat(a.mode()).isEqualTo(LimitsMode.REDIS);
            List<Permit> held = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger refused = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < 80; i++) {
                RedisCallLimiter node = i % 2 == 0 ? a : b;
                pool.execute(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    Admission adm = node.tryAcquire(List.of(trunk));
                    if (adm instanceof Admission.Admitted ok) {
                        held.add(ok.permit());
                    } else {
                        assertThat(((Admission.Refused) adm).cpsExceeded()).isFalse();
                        refused.incrementAndGet();
                    }
                });
            }
            go.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
            assertThat(held).hasSize(30);
            assertThat(refused).hasValue(50);
            assertThat(a.active(trunk) + b.active(trunk)).isEqualTo(30);
            assertThat(redis.integer("ZCARD", "softswitch:{trunk:TKconcurrency}:calls")).isEqualTo(30);
            // One call ends: its lease goes at once (released without waiting), and one more call fits.
            held.remove(0).release();
            Awaitility.await().atMost(Duration.ofSeconds(2)).until(() ->
                    redis.integer("ZCARD", "softswitch:{trunk:TKconcurrency}:calls") == 29);
            assertThat(b.tryAcquire(List.of(trunk))).isInstanceOf(Admission.Admitted.class);
            assertThat(a.tryAcquire(List.of(trunk))).isInstanceOf(Admission.Refused.class);
        }
    }

    @Test
    void aTrunkCpsBucketIsSharedByBothNodes() throws Exception {
        // 20 calls/s with a one-second bucket: 40 offers in a burst from two nodes admit 20.
        LimitScope trunk = LimitScope.of(LimitScope.TRUNK, "TKcps", 20, 0);
        try (RedisCallLimiter a = node("a"); RedisCallLimiter b = node("b")) {
            int admitted = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < 40; i++) {
                Admission adm = (i % 2 == 0 ? a : b).tryAcquire(List.of(trunk));
                if (adm instanceof Admission.Admitted) {
                    admitted++;
                } else {
                    assertThat(((Admission.Refused) adm).cpsExceeded()).isTrue();
                }
            }
            // The bucket refills 20/s while the loop runs: what it ran for, in tokens, may be added.
            double refill = (System.nanoTime() - t0) / 1e9 * 20;
            assertThat(admitted).as("in %.1f tokens' time", refill).isBetween(20, 20 + (int) Math.ceil(refill));
        }
    }

    @Test
    void aCallRefusedByItsAccountGivesTheTrunkPermitAndTokenBack() throws Exception {
        LimitScope trunk = LimitScope.of(LimitScope.TRUNK, "TKrollback", 1, 5);
        LimitScope account = LimitScope.of(LimitScope.ACCOUNT, "ACrollback", 0, 1);
        try (RedisCallLimiter a = node("a")) {
            Admission first = a.tryAcquire(List.of(account));
            assertThat(first).isInstanceOf(Admission.Admitted.class);
            Admission refused = a.tryAcquire(List.of(trunk, account));
            assertThat(refused).isInstanceOfSatisfying(Admission.Refused.class,
                    r -> assertThat(r.scope()).isEqualTo(account));
            Awaitility.await().atMost(Duration.ofSeconds(2)).until(() ->
                    redis.integer("ZCARD", "softswitch:{trunk:TKrollback}:calls") == 0);
            ((Admission.Admitted) first).permit().release();
            // The trunk's only token of this second was refunded: the call goes through now.
            assertThat(a.tryAcquire(List.of(trunk, account))).isInstanceOf(Admission.Admitted.class);
        }
    }

    @Test
    void aCallRefusedByItsAccountLeavesNoTraceOnItsTrunk() throws Exception {
        // One admit.lua for both scopes: the account's refusal is decided before the trunk is touched.
        LimitScope trunk = LimitScope.of(LimitScope.TRUNK, "TKtrace", 5, 5);
        LimitScope account = LimitScope.of(LimitScope.ACCOUNT, "ACtrace", 0, 1);
        String bucket = "softswitch:{trunk:TKtrace}:cps";
        String trunkLeases = "softswitch:{trunk:TKtrace}:calls";
        try (RedisCallLimiter a = node("a")) {
            Admission trunkOnly = a.tryAcquire(List.of(trunk));
            assertThat(trunkOnly).isInstanceOf(Admission.Admitted.class);
            Admission accountOnly = a.tryAcquire(List.of(account));
            assertThat(accountOnly).isInstanceOf(Admission.Admitted.class);
            String tokens = redis.command("HGET", bucket, "t");
            String stamp = redis.command("HGET", bucket, "ts");

            Admission refused = a.tryAcquire(List.of(trunk, account));

            assertThat(refused).isInstanceOfSatisfying(Admission.Refused.class, r -> {
                assertThat(r.scope()).isEqualTo(account);
                assertThat(r.cpsExceeded()).isFalse();
            });
            // At once, not after a rollback: the trunk's bucket and leases are as they were.
            assertThat(redis.command("HGET", bucket, "t")).isEqualTo(tokens);
            assertThat(redis.command("HGET", bucket, "ts")).isEqualTo(stamp);
            assertThat(redis.integer("ZCARD", trunkLeases)).isEqualTo(1);
            assertThat(a.active(trunk)).isEqualTo(1);
            assertThat(redis.integer("ZCARD", "softswitch:{account:ACtrace}:calls")).isEqualTo(1);
            ((Admission.Admitted) trunkOnly).permit().release();
            ((Admission.Admitted) accountOnly).permit().release();
        }
    }

    @Test
    void aReleasedPermitIsFreeAtOnceOnItsNodeAndSoonOnTheOther() throws Exception {
        LimitScope trunk = LimitScope.of(LimitScope.TRUNK, "TKrelease", 0, 1);
        String leases = "softswitch:{trunk:TKrelease}:calls";
        try (RedisCallLimiter a = node("a"); RedisCallLimiter b = node("b")) {
            Admission first = a.tryAcquire(List.of(trunk));
            assertThat(first).isInstanceOf(Admission.Admitted.class);
            assertThat(b.tryAcquire(List.of(trunk))).isInstanceOf(Admission.Refused.class);
            ((Admission.Admitted) first).permit().release();
            // The removal rides on A's next admission, ahead of its count: no wait on the same node.
            Admission second = a.tryAcquire(List.of(trunk));
            assertThat(second).isInstanceOf(Admission.Admitted.class);
            assertThat(redis.integer("ZCARD", leases)).isEqualTo(1);
            // With no admission on A to carry it, the queued removal is flushed on its own.
            ((Admission.Admitted) second).permit().release();
            Awaitility.await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5))
                    .until(() -> redis.integer("ZCARD", leases) == 0);
            assertThat(b.tryAcquire(List.of(trunk))).isInstanceOf(Admission.Admitted.class);
        }
    }

    @Test
    void callsComingAndGoingOnTwoNodesNeverHoldMoreThanTheLimit() throws Exception {
        // Both scopes in one script, removals riding on admissions or flushed: at no time more than
        // 3 calls hold the trunk. inUse counts from before a release is queued to after an admission
        // returns, so it never exceeds what Redis counts, which the script keeps at 3 at most.
        LimitScope trunk = LimitScope.of(LimitScope.TRUNK, "TKchurn", 0, 3);
        LimitScope account = LimitScope.of(LimitScope.ACCOUNT, "ACchurn", 0, 1000);
        String trunkLeases = "softswitch:{trunk:TKchurn}:calls";
        String accountLeases = "softswitch:{account:ACchurn}:calls";
        try (RedisCallLimiter a = node("a"); RedisCallLimiter b = node("b")) {
            AtomicInteger inUse = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            AtomicInteger admitted = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            for (int t = 0; t < 8; t++) {
                RedisCallLimiter node = t % 2 == 0 ? a : b;
                pool.execute(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < 150; i++) {
                        if (node.tryAcquire(List.of(trunk, account)) instanceof Admission.Admitted ok) {
                            most.accumulateAndGet(inUse.incrementAndGet(), Math::max);
                            admitted.incrementAndGet();
                            inUse.decrementAndGet();
                            ok.permit().release();
                        } else {
                            refused.incrementAndGet();
                        }
                    }
                });
            }
            go.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            System.out.printf("churn on a limit of 3: %d admitted, %d refused, at most %d at once%n",
                    admitted.get(), refused.get(), most.get());
            assertThat(admitted.get() + refused.get()).isEqualTo(8 * 150);
            assertThat(admitted.get()).isPositive();
            assertThat(most.get()).isBetween(1, 3);
            // Every removal arrives: both scopes empty, and the trunk's 3 whole again, exactly.
            Awaitility.await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5)).until(() ->
                    redis.integer("ZCARD", trunkLeases) == 0 && redis.integer("ZCARD", accountLeases) == 0);
            int fits = 0;
            for (int i = 0; i < 6; i++) {
                if ((i % 2 == 0 ? a : b).tryAcquire(List.of(trunk, account)) instanceof Admission.Admitted) {
                    fits++;
                }
            }
            assertThat(fits).isEqualTo(3);
            assertThat(redis.integer("ZCARD", accountLeases)).isEqualTo(3);
        }
    }

    @Test
    void permitsOfANodeKilledWithSigkillReturnWithinTheLease() throws Exception {
        LimitScope trunk = LimitScope.of(LimitScope.TRUNK, "TKkill", 0, 10);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LeaseHolder.class.getName(), redis.url(), "TKkill", "10", "10",
                Long.toString(LEASE.toSeconds())).redirectErrorStream(true).start();
        try (RedisCallLimiter b = node("b")) {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            StringBuilder log = new StringBuilder();
            String line;
            do {
                line = out.readLine();
                log.append(line).append('\n');
            } while (line != null && !line.startsWith("HELD"));
            assertThat(line).as(log.toString()).isEqualTo("HELD 10 redis");
            // Held and renewed: past one lease, node B still finds the trunk full.
            Thread.sleep(LEASE.toMillis() + 500);
            assertThat(b.tryAcquire(List.of(trunk))).isInstanceOf(Admission.Refused.class);
            holder.destroyForcibly(); // SIGKILL: no cleanup, no release
            assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
            long killed = System.nanoTime();
            List<Permit> taken = new ArrayList<>();
            Awaitility.await().atMost(LEASE.plusSeconds(2)).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (b.tryAcquire(List.of(trunk)) instanceof Admission.Admitted ok) {
                    taken.add(ok.permit());
                }
                return !taken.isEmpty();
            });
            long returnedMs = (System.nanoTime() - killed) / 1_000_000;
            System.out.println("permits of the killed node returned after " + returnedMs + " ms (lease "
                    + LEASE.toMillis() + " ms)");
            assertThat(returnedMs).isLessThanOrEqualTo(LEASE.toMillis() + 500);
            for (int i = 1; i < 10; i++) {
                assertThat(b.tryAcquire(List.of(trunk))).isInstanceOf(Admission.Admitted.class);
            }
            assertThat(b.tryAcquire(List.of(trunk))).isInstanceOf(Admission.Refused.class);
        } finally {
            holder.destroyForcibly();
        }
    }
}
