package io.softswitch.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Redis for cluster-wide limits; an empty URL means this node keeps its limits in memory.
 *
 * @param url            {@code redis://[user:password@]host[:port][/db]} or {@code rediss://...} (TLS); empty = off
 * @param cluster        the URL names a seed node of a Redis Cluster (keys are hash-tagged per trunk, account,
 *                       carrier)
 * @param commandTimeout longest a call waits for Redis before this node falls back to its local share
 * @param connectTimeout longest a (re)connection attempt may take
 * @param lease          how long a node's concurrency permits outlive its last renewal (renewed every third)
 */
public record RedisConfig(String url, boolean cluster, Duration commandTimeout, Duration connectTimeout,
        Duration lease) {
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(100);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(2000);
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);

    public RedisConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(lease, "lease");
    }

    /** Off (limits in memory), or {@code url} with the default timeouts and lease. */
    public RedisConfig(String url) {
        this(url, false, DEFAULT_COMMAND_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, DEFAULT_LEASE);
    }

    public boolean enabled() {
        return !url.isEmpty();
    }

    /** The URL without its password, for logs and {@code check-config}. */
    public String redactedUrl() {
        int at = url.lastIndexOf('@');
        int scheme = url.indexOf("://");
        return at < 0 || scheme < 0 ? url : url.substring(0, scheme + 3) + "***@" + url.substring(at + 1);
    }
}
