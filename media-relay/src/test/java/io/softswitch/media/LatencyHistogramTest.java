package io.softswitch.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Fixed log-linear buckets: exact merging, percentiles bounded from above, at most 25% over. */
class LatencyHistogramTest {

    private static LatencyHistogram of(long... nanos) {
        long[] counts = new long[LatencyHistogram.BUCKETS];
        for (long n : nanos) {
            counts[LatencyHistogram.bucket(n)]++;
        }
        return LatencyHistogram.of(counts);
    }

    @Test
    void everyLatencyFallsInABucketWhoseUpperBoundIsAboveItAndAtMostAQuarterOver() {
        for (long us = 4; us < 1_000_000; us = us * 11 / 10 + 1) {
            int b = LatencyHistogram.bucket(us * 1000);
            long upper = LatencyHistogram.upperBoundMicros(b);
            assertThat(upper).as(us + " µs").isGreaterThan(us).isLessThanOrEqualTo(us + us / 4 + 1);
            assertThat(b == 0 || LatencyHistogram.upperBoundMicros(b - 1) <= us).as(us + " µs: the bucket below ends under it")
                    .isTrue();
        }
        assertThat(LatencyHistogram.bucket(-5)).isZero();
        assertThat(LatencyHistogram.bucket(999)).isZero();
        assertThat(LatencyHistogram.bucket(Long.MAX_VALUE)).as("overflow into the last bucket")
                .isEqualTo(LatencyHistogram.BUCKETS - 1);
    }

    @Test
    void p99OfMergedSessionsComesFromTheMergedCounts() {
        LatencyHistogram quiet = of(new long[99]); // 99 samples under 1 µs
        LatencyHistogram busy = of(12_000, 12_000);
        assertThat(quiet.percentileMicros(0.99)).isEqualTo(1.0);
        LatencyHistogram merged = quiet.plus(busy);
        assertThat(merged.count()).isEqualTo(101);
        assertThat(merged.percentileMicros(0.99)).as("rank 100 of 101 is a 12 µs sample").isEqualTo(14.0);
        assertThat(merged.minus(quiet)).isEqualTo(busy);
        assertThat(LatencyHistogram.EMPTY.percentileMicros(0.99)).isNaN();
    }

    @Test
    void badCountsAreRefusedNamingTheProblem() {
        assertThatThrownBy(() -> LatencyHistogram.of(new long[3])).hasMessage("counts: 3 buckets (expected: 76)");
        long[] negative = new long[LatencyHistogram.BUCKETS];
        negative[0] = -1;
        assertThatThrownBy(() -> LatencyHistogram.of(negative)).hasMessage("counts: -1 (expected: >= 0)");
        assertThatThrownBy(() -> LatencyHistogram.EMPTY.percentileMicros(0)).hasMessageStartingWith("q: 0.0");
    }
}
