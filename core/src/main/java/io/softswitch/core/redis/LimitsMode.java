package io.softswitch.core.redis;

/** Where a {@link RedisCallLimiter} decides admissions right now. */
public enum LimitsMode {
    /** Cluster-wide, in Redis. */
    REDIS,
    /** Redis is unreachable: this node enforces its share of each limit (limit / live nodes). */
    LOCAL;

    /** The metric tag value. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
