package io.softswitch.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.config.RedisConfig;
import io.softswitch.core.testing.RedisServer;
import io.softswitch.trunking.limit.Admission;
import io.softswitch.trunking.limit.LimitScope;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Redis stopped mid-run (issue 17): the nodes keep admitting on their local share (limit / live
 * nodes, counting the calls they hold), say so once, and go back to cluster-wide limits with their
 * permits re-registered when Redis returns empty.
 */
class RedisOutageTest {
    private static final Duration LEASE = Duration.ofSeconds(3);

    private static final class Recorder implements LimitsListener {
        final List<LimitsMode> modes = new CopyOnWriteArrayList<>();
        final AtomicInteger local = new AtomicInteger();

        @Override
        public void modeChanged(LimitsMode mode, String reason) {
            modes.add(mode);
        }

        @Override
        public void localAdmission() {
            local.incrementAndGet();
        }
    }

    private static RedisCallLimiter node(RedisServer redis, String name, LimitsListener listener) {
        return RedisCallLimiter.start(new RedisConfig(redis.url(), false, Duration.ofMillis(300),
                Duration.ofSeconds(2), LEASE), name, listener);
    }

    @Test
    void callsFlowOnLocalSharesWhileRedisIsDownAndClusterLimitsResumeWhenItReturns() throws Exception {
        LimitScope trunk = LimitScope.of(LimitScope.TRUNK, "TKoutage", 0, 10);
        Recorder seenByA = new Recorder();
        try (RedisServer redis = RedisServer.start();
                RedisCallLimiter a = node(redis, "a", seenByA);
                RedisCallLimiter b = node(redis, "b", LimitsListener.NONE)) {
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> a.liveNodes() == 2 && b.liveNodes() == 2
                    && a.mode() == LimitsMode.REDIS && b.mode() == LimitsMode.REDIS);
            assertThat(seenByA.modes).endsWith(LimitsMode.REDIS);
            seenByA.modes.clear();
            assertThat(a.tryAcquire(List.of(trunk))).isInstanceOf(Admission.Admitted.class);
            assertThat(a.tryAcquire(List.of(trunk))).isInstanceOf(Admission.Admitted.class);

            redis.stop();
            // Node A's share is 10 / 2 live nodes = 5, and it holds 2: three more, then refused.
            for (int i = 0; i < 3; i++) {
                assertThat(a.tryAcquire(List.of(trunk))).as("call %d on the local share", i)
                        .isInstanceOf(Admission.Admitted.class);
            }
            assertThat(a.tryAcquire(List.of(trunk))).isInstanceOfSatisfying(Admission.Refused.class,
                    r -> assertThat(r.cpsExceeded()).isFalse());
            assertThat(a.mode()).isEqualTo(LimitsMode.LOCAL);
            assertThat(seenByA.modes).containsExactly(LimitsMode.LOCAL);
            assertThat(seenByA.local).hasValue(4);
            assertThat(a.active(trunk)).isEqualTo(5);

            redis.restart(); // empty, as after a failover without persistence
            Awaitility.await().atMost(Duration.ofSeconds(6)).until(
                    () -> a.mode() == LimitsMode.REDIS && b.mode() == LimitsMode.REDIS);
            assertThat(seenByA.modes).containsExactly(LimitsMode.LOCAL, LimitsMode.REDIS);
            // A re-registered the 5 calls it holds: cluster-wide, B may take the other 5 and no more.
            assertThat(redis.integer("ZCARD", "softswitch:{trunk:TKoutage}:calls")).isEqualTo(5);
            for (int i = 0; i < 5; i++) {
                assertThat(b.tryAcquire(List.of(trunk))).isInstanceOf(Admission.Admitted.class);
            }
            assertThat(b.tryAcquire(List.of(trunk))).isInstanceOf(Admission.Refused.class);
            assertThat(a.tryAcquire(List.of(trunk))).isInstanceOf(Admission.Refused.class);
        }
    }
}
