package io.softswitch.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.config.RedisConfig;
import io.softswitch.core.testing.RedisServer;
import io.softswitch.trunking.limit.Admission;
import io.softswitch.trunking.limit.LimitScope;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code redis.cluster: true} on a one-node Redis Cluster (issue 17): a call's scopes hash to
 * different slots, so the limiter keeps one script per scope there (the standalone all-scopes
 * script would fail with CROSSSLOT), with the rollback of the admitted scopes when another refuses.
 */
class RedisClusterModeTest {
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.startCluster();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    private static RedisCallLimiter node(String name) {
        return RedisCallLimiter.start(new RedisConfig(redis.url(), true, Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofSeconds(3)), name, LimitsListener.NONE);
    }

    @Test
    void aCallOverScopesInTwoSlotsIsAdmittedRefusedAndReleasedPerScope() throws Exception {
        LimitScope trunk = LimitScope.of(LimitScope.TRUNK, "TKslots", 0, 2);
        LimitScope account = LimitScope.of(LimitScope.ACCOUNT, "ACslots", 0, 1);
        String trunkLeases = "softswitch:{trunk:TKslots}:calls";
        String accountLeases = "softswitch:{account:ACslots}:calls";
        assertThat(redis.integer("CLUSTER", "KEYSLOT", trunkLeases))
                .isNotEqualTo(redis.integer("CLUSTER", "KEYSLOT", accountLeases));
        try (RedisCallLimiter a = node("a"); RedisCallLimiter b = node("b")) {
            assertThat(a.mode()).isEqualTo(LimitsMode.REDIS);
            Admission first = a.tryAcquire(List.of(trunk, account));
            assertThat(first).isInstanceOf(Admission.Admitted.class);
            assertThat(redis.integer("ZCARD", trunkLeases)).isEqualTo(1);
            assertThat(redis.integer("ZCARD", accountLeases)).isEqualTo(1);

            // The account is full: B's call is refused and its trunk lease rolled back.
            assertThat(b.tryAcquire(List.of(trunk, account))).isInstanceOfSatisfying(Admission.Refused.class,
                    r -> assertThat(r.scope()).isEqualTo(account));
            Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> redis.integer("ZCARD", trunkLeases) == 1);
            assertThat(b.mode()).isEqualTo(LimitsMode.REDIS);

            ((Admission.Admitted) first).permit().release();
            Awaitility.await().atMost(Duration.ofSeconds(2)).until(() ->
                    redis.integer("ZCARD", trunkLeases) == 0 && redis.integer("ZCARD", accountLeases) == 0);
            assertThat(b.tryAcquire(List.of(trunk, account))).isInstanceOf(Admission.Admitted.class);
        }
    }
}
