package io.softswitch.media.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The benchmark's generator works end to end on a tiny load; this is not a measurement. */
class MediaLoadGeneratorSmokeTest {

    @Test
    void fourCallsForOneSecondAreRelayedBothWays() throws Exception {
        int portMin = 40000 + 2 * ThreadLocalRandom.current().nextInt(0, 4000);
        try (RelayTarget relay = new RelayTarget(1, portMin)) {
            MediaLoadGenerator.Result result = MediaLoadGenerator.run(relay, 4, 1, 0, 1);
            // at least 4 calls x 2 directions x 50 packets/s x 1 s (sending also runs while the
            // generator takes its CPU readings around the measured second)
            assertThat(result.sent()).isGreaterThanOrEqualTo(360L);
            // Loss is the benchmark's business; on a loaded CI box a stalled receiver may miss the
            // last few in-flight packets, so the smoke only asks that nearly everything came through.
            assertThat(result.received()).isGreaterThanOrEqualTo(result.sent() * 95 / 100);
            assertThat(result.p50Micros()).isPositive();
        }
    }
}
