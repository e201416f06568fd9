package io.softswitch.media.internal.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.softswitch.media.StreamStats;
import org.junit.jupiter.api.Test;

class StreamStatisticsTest {
    private static final long MS = 1_000_000L;
    private final StreamStatistics stats = new StreamStatistics();
    private long now = 1_000 * MS;

    private void receive(int sequence) {
        receive(sequence, 0x1234);
    }

    private void receive(int sequence, int ssrc) {
        now += 20 * MS;
        stats.onRtp(sequence & 0xFFFF, sequence * 160L, ssrc, 8000, 172, now);
    }

    @Test
    void lossDuplicatesAndReorderingAreCountedExactly() {
        for (int s : new int[] {100, 101, 103, 102, 102, 105, 106, 106, 110}) {
            receive(s);
        }
        StreamStats s = stats.snapshot();
        // expected 100..110 = 11, distinct received = 7 (100,101,102,103,105,106,110)
        assertThat(s.packets()).isEqualTo(9);
        assertThat(s.duplicates()).isEqualTo(2);
        assertThat(s.outOfOrder()).isEqualTo(1);
        assertThat(s.lost()).isEqualTo(4);
        assertThat(s.bytes()).isEqualTo(9 * 172);
    }

    @Test
    void sequenceWrapAt65535IsNotLoss() {
        for (int s = 65530; s <= 65545; s++) {
            receive(s);
        }
        StreamStats s = stats.snapshot();
        assertThat(s.packets()).isEqualTo(16);
        assertThat(s.lost()).isZero();
        assertThat(s.outOfOrder()).isZero();
    }

    @Test
    void lossAcrossTheWrapIsCounted() {
        receive(65533);
        receive(65534);
        receive(65536 + 2); // 0 and 1 (and 65535) lost
        receive(65536 + 1); // 1 arrives late
        StreamStats s = stats.snapshot();
        assertThat(s.lost()).isEqualTo(2); // 65535 and 0
        assertThat(s.outOfOrder()).isEqualTo(1);
    }

    @Test
    void ssrcChangeStartsANewSequenceAndKeepsEarlierLoss() {
        receive(10, 1);
        receive(12, 1); // 11 lost
        receive(5000, 2);
        receive(5001, 2);
        StreamStats s = stats.snapshot();
        assertThat(s.ssrcChanges()).isEqualTo(1);
        assertThat(s.lost()).isEqualTo(1);
    }

    @Test
    void jitterOfAFixedAlternatingDelayConvergesToItsRfc3550Value() {
        // packets every 20 ms of media, arrivals alternately 2 ms early and 2 ms late:
        // |D| = 4 ms = 32 timestamp units every time, so J converges to 32 units = 4 ms.
        long base = 5_000 * MS;
        for (int i = 0; i < 400; i++) {
            long arrival = base + i * 20 * MS + (i % 2 == 0 ? -2 * MS : 2 * MS);
            stats.onRtp(i, i * 160L, 7, 8000, 172, arrival);
        }
        assertThat(stats.snapshot().jitterMillis()).isCloseTo(4.0, within(0.01));
        assertThat(stats.snapshot().largestGapMillis()).isEqualTo(24);
    }

    @Test
    void perfectTimingHasNoJitterAndTopMos() {
        for (int i = 0; i < 100; i++) {
            stats.onRtp(i, i * 160L, 7, 8000, 172, i * 20 * MS);
        }
        StreamStats s = stats.snapshot();
        assertThat(s.jitterMillis()).isZero();
        assertThat(s.mos()).isCloseTo(4.41, within(0.01));
    }

    @Test
    void mosFallsWithLoss() {
        // R = 93.2 - 10/40 - 2.5 * 5 = 80.45 -> 1 + 0.035 R + 7e-6 R (R - 60)(100 - R) = 4.041
        assertThat(MosModel.estimate(0.05, 0, 0)).isCloseTo(4.041, within(0.001));
        // 20 ms jitter: Le = 50 ms, R = 93.2 - 1.25 = 91.95
        assertThat(MosModel.estimate(0.0, 20, 0)).isCloseTo(4.39, within(0.01));
        assertThat(MosModel.estimate(0.5, 0, 0)).isEqualTo(1.0);
    }
}
