package io.softswitch.trunking.health;

/**
 * When a gateway changes state.
 *
 * @param failuresToDown  consecutive failed probes that mark an up gateway down (1-100)
 * @param successesToUp   consecutive good probes that mark a down gateway up (1-100)
 * @param maxRetryAfterMs cap on a {@code Retry-After} hold, so a bad peer cannot park itself forever
 */
public record HealthPolicy(int failuresToDown, int successesToUp, long maxRetryAfterMs) {
    /** Kamailio dispatcher-like defaults: down after 3 failures, up after 2 successes, hold at most 1 h. */
    public static final HealthPolicy DEFAULT = new HealthPolicy(3, 2, 3_600_000);

    public HealthPolicy {
        if (failuresToDown < 1 || failuresToDown > 100) {
            throw new IllegalArgumentException("failuresToDown: " + failuresToDown + " (expected: 1-100)");
        }
        if (successesToUp < 1 || successesToUp > 100) {
            throw new IllegalArgumentException("successesToUp: " + successesToUp + " (expected: 1-100)");
        }
        if (maxRetryAfterMs < 0) {
            throw new IllegalArgumentException("maxRetryAfterMs: " + maxRetryAfterMs + " (expected: 0 or more)");
        }
    }
}
