package io.softswitch.trunking.number;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.softswitch.config.provisioning.NumberNormalization;
import java.util.function.Function;

/**
 * A bounded cache of recent normalization results keyed by (policy, region, raw input), shared by
 * all {@link NumberNormalizer}s given it. Real traffic repeats numbers (the same callers, the same
 * destinations), and a result depends only on the key and the libphonenumber metadata, which is
 * fixed for the life of the JVM, so entries never go stale; a new routing snapshot keeps them.
 *
 * <p>Bounded by {@code maxEntries} (Caffeine's W-TinyLFU: a scan of one-off numbers does not
 * flush the frequent ones); inputs longer than {@link #MAX_INPUT_LENGTH} are normalized but not
 * cached, so one entry stays small (about 250 bytes with its key). Thread-safe; lookups do not
 * lock.
 */
public final class NormalizationCache {
    /** Default bound of {@link #shared()}: about 25 MB when full. */
    public static final int DEFAULT_MAX_ENTRIES = 100_000;
    /** Longest raw input (characters) that is cached. */
    public static final int MAX_INPUT_LENGTH = 64;

    /** Caches nothing: every call normalizes. */
    public static final NormalizationCache NONE = new NormalizationCache(null);

    private static final NormalizationCache SHARED = of(DEFAULT_MAX_ENTRIES);

    private record Key(NumberNormalization policy, String region, String input) {
    }

    private final Cache<Key, NumberResult> cache;

    private NormalizationCache(Cache<Key, NumberResult> cache) {
        this.cache = cache;
    }

    /** The process-wide cache of {@link #DEFAULT_MAX_ENTRIES} that normalizers use by default. */
    public static NormalizationCache shared() {
        return SHARED;
    }

    /** A cache of at most {@code maxEntries} results; 0 gives {@link #NONE}. */
    public static NormalizationCache of(int maxEntries) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries: " + maxEntries + " (expected: 0 or more)");
        }
        if (maxEntries == 0) {
            return NONE;
        }
        // Maintenance (eviction) runs on the calling thread, amortized over writes: on the default
        // ForkJoinPool executor a writer on a busy or single core waits for a maintenance task that
        // is not scheduled (measured: 158 inserts/s pinned to one core, bench/trunking).
        return new NormalizationCache(Caffeine.newBuilder().maximumSize(maxEntries).executor(Runnable::run).build());
    }

    NumberResult get(NumberNormalization policy, String region, String input, Function<String, NumberResult> normalize) {
        if (cache == null || input == null || input.length() > MAX_INPUT_LENGTH) {
            return normalize.apply(input);
        }
        return cache.get(new Key(policy, region, input), k -> normalize.apply(k.input()));
    }

    /** Entries held now (approximate while evictions are pending); 0 for {@link #NONE}. */
    public long size() {
        if (cache == null) {
            return 0;
        }
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
