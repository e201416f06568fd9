package io.softswitch.trunking.limit;

import java.util.Objects;

/**
 * One thing calls are counted against, with its limits.
 *
 * @param kind          {@code trunk}, {@code account} or {@code carrier} (open set; part of the key)
 * @param id            name or SID, unique within the kind
 * @param cps           new calls per second, 0 = unlimited
 * @param burst         calls admitted at once after a quiet period (bucket size), at least 1
 * @param maxConcurrent simultaneous calls, 0 = unlimited
 */
public record LimitScope(String kind, String id, double cps, int burst, int maxConcurrent) {
    public static final String TRUNK = "trunk";
    public static final String ACCOUNT = "account";
    public static final String CARRIER = "carrier";

    public LimitScope {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        if (cps < 0 || Double.isNaN(cps)) {
            throw new IllegalArgumentException("cps: " + cps + " (expected: 0 or more)");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst: " + burst + " (expected: 1 or more)");
        }
        if (maxConcurrent < 0) {
            throw new IllegalArgumentException("maxConcurrent: " + maxConcurrent + " (expected: 0 or more)");
        }
    }

    /** Limits of {@code cps} calls per second with a burst of one second's worth. */
    public static LimitScope of(String kind, String id, int cps, int maxConcurrent) {
        return new LimitScope(kind, id, cps, Math.max(1, cps), maxConcurrent);
    }

    public boolean unlimited() {
        return cps == 0 && maxConcurrent == 0;
    }

    /** The key state is kept under: {@code kind + ":" + id}. */
    public String key() {
        return kind + ":" + id;
    }
}
