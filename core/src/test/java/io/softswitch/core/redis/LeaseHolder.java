package io.softswitch.core.redis;

import io.softswitch.config.RedisConfig;
import io.softswitch.trunking.limit.Admission;
import io.softswitch.trunking.limit.LimitScope;
import java.time.Duration;
import java.util.List;

/**
 * A node as a separate process for the {@code kill -9} test: takes {@code n} permits of a trunk
 * limited to {@code max} concurrent calls, prints {@code HELD n}, then keeps renewing until killed.
 * Arguments: Redis URL, trunk id, max, n, lease seconds.
 */
public final class LeaseHolder {
    private LeaseHolder() {
    }

    public static void main(String[] args) throws Exception {
        RedisConfig config = new RedisConfig(args[0], false, Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(Integer.parseInt(args[4])));
        LimitScope scope = LimitScope.of(LimitScope.TRUNK, args[1], 0, Integer.parseInt(args[2]));
        RedisCallLimiter limiter = RedisCallLimiter.start(config, "holder", LimitsListener.NONE);
        int held = 0;
        for (int i = 0; i < Integer.parseInt(args[3]); i++) {
            if (limiter.tryAcquire(List.of(scope)) instanceof Admission.Admitted) {
                held++;
            }
        }
        System.out.println("HELD " + held + " " + limiter.mode().tag());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
