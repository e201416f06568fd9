package io.softswitch.media;

import java.util.Arrays;

/**
 * Relay latency samples of one session (or of several merged): counts in fixed buckets, so that
 * histograms of many sessions add up exactly and a percentile of any group (a trunk, a carrier, a
 * minute) comes from the merged counts rather than from an average of per-session percentiles.
 * Immutable.
 *
 * <p>Buckets are log-linear in microseconds, four per power of two (an HdrHistogram with two
 * significant bits): 0-1, 1-2, 2-3, 3-4, 4-5 ... 7-8, 8-10, 10-12, 12-14, 14-16, 16-20 ... µs, so a
 * bucket is at most 25% wide; the last bucket also holds everything from about 1 s up. A
 * percentile is reported as the upper bound of the bucket it falls in, as Prometheus'
 * {@code histogram_quantile} bounds it (never under the true value, at most 25% over).
 *
 * <p>{@link #bucket(long)} is a few shifts: the relay calls it on its packet path (the sampled
 * packets of {@link MediaEvents#relayLatency}) to count into a session's own array.
 */
public final class LatencyHistogram {
    /** Powers of two covered: up to 2^20 µs (about 1 s). */
    private static final int OCTAVES = 20;
    /** Number of buckets. */
    public static final int BUCKETS = 4 * (OCTAVES - 1);
    public static final LatencyHistogram EMPTY = new LatencyHistogram(new long[BUCKETS]);

    private final long[] counts;
    private final long total;

    private LatencyHistogram(long[] counts) {
        this.counts = counts;
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        this.total = t;
    }

    /** A histogram of {@code counts} (copied), one per bucket. */
    public static LatencyHistogram of(long[] counts) {
        if (counts.length != BUCKETS) {
            throw new IllegalArgumentException("counts: " + counts.length + " buckets (expected: " + BUCKETS + ")");
        }
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("counts: " + c + " (expected: >= 0)");
            }
        }
        return new LatencyHistogram(counts.clone());
    }

    /** The bucket of a latency of {@code nanos} (negative counts as 0). */
    public static int bucket(long nanos) {
        long us = Math.max(0, nanos) / 1000;
        if (us < 4) {
            return (int) us;
        }
        int octave = 63 - Long.numberOfLeadingZeros(us); // >= 2
        if (octave >= OCTAVES) {
            return BUCKETS - 1;
        }
        int sub = (int) (us >>> (octave - 2)) & 3;
        return 4 * (octave - 1) + sub;
    }

    /** The exclusive upper bound of bucket {@code i}, in microseconds. */
    public static long upperBoundMicros(int i) {
        if (i < 0 || i >= BUCKETS) {
            throw new IllegalArgumentException("bucket: " + i + " (expected: 0-" + (BUCKETS - 1) + ")");
        }
        if (i < 4) {
            return i + 1;
        }
        int octave = i / 4 + 1;
        return (5L + i % 4) << (octave - 2);
    }

    /** Samples counted. */
    public long count() {
        return total;
    }

    /** The samples in bucket {@code i}. */
    public long count(int i) {
        return counts[i];
    }

    /**
     * The upper bound (µs) of the bucket holding the {@code q} quantile (0 < q <= 1), NaN without
     * samples.
     */
    public double percentileMicros(double q) {
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("q: " + q + " (expected: 0 < q <= 1)");
        }
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return upperBoundMicros(i);
            }
        }
        return upperBoundMicros(BUCKETS - 1);
    }

    /** Both histograms' samples together. */
    public LatencyHistogram plus(LatencyHistogram other) {
        if (other.total == 0) {
            return this;
        }
        long[] sum = counts.clone();
        for (int i = 0; i < BUCKETS; i++) {
            sum[i] += other.counts[i];
        }
        return new LatencyHistogram(sum);
    }

    /**
     * The samples counted since {@code earlier}, a previous reading of the same (cumulative)
     * histogram; a bucket that went down (another session's reading) counts as 0.
     */
    public LatencyHistogram minus(LatencyHistogram earlier) {
        if (earlier.total == 0) {
            return this;
        }
        long[] d = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            d[i] = Math.max(0, counts[i] - earlier.counts[i]);
        }
        return new LatencyHistogram(d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyHistogram h && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "LatencyHistogram[count=" + total + ", p99=" + percentileMicros(0.99) + " µs]";
    }
}
