package io.softswitch.config;

/** Redis for cluster-wide limits; empty URL means this node keeps limits in memory. */
public record RedisConfig(String url) {
    public boolean enabled() {
        return !url.isEmpty();
    }
}
