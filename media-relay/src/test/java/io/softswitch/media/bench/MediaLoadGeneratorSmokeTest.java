package io.softswitch.media.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.softswitch.media.MediaRelaySettings;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's pieces work end to end on a tiny load: the generator drives our relay through
 * {@link RelayNgServer} over the ng protocol, exactly as {@code bench/media/run.sh} does with the
 * relay in its own process, with its default {@code --metrics=micrometer} ({@link PacketMeters}).
 * Not a measurement.
 */
class MediaLoadGeneratorSmokeTest {

    @Test
    void fourCallsForOneSecondAreRelayedBothWaysThroughTheNgServer() throws Exception {
        int portMin = 21000 + 2 * ThreadLocalRandom.current().nextInt(0, 4000); // below the ephemeral range
        MediaRelaySettings settings = MediaRelaySettings.defaults(InetAddress.getLoopbackAddress())
                .withPorts(portMin, portMin + 99).withPortQuarantine(Duration.ZERO).withEventLoopThreads(1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (RelayNgServer server = new RelayNgServer(settings, new PacketMeters(registry), 0);
                NgTarget relay = new NgTarget("relay", server.port(), ProcessHandle.current().pid())) {
            MediaLoadGenerator.Result result = MediaLoadGenerator.run(relay, 4, 1, 0, 2);
            // 4 calls x 2 directions x 50 packets/s x 1 s = 400; a generator stalled just before the
            // window catches up inside it, hence the generous upper bound
            assertThat(result.sentInWindow()).isBetween(360L, 800L);
            // Loss is the benchmark's business; on a loaded CI box a stalled receiver may miss a few.
            assertThat(result.receivedInWindow()).isGreaterThanOrEqualTo(result.sentInWindow() * 95 / 100);
            assertThat(result.p50()).isPositive();
            assertThat(result.cpuNanosPerPacket()).isPositive();
            // the server's own count of relayed packets (ng "statistics") covers the window too
            assertThat(result.relayedInWindow()).isGreaterThan(result.sentInWindow() / 2);
            // the generator closed every call through the ng server
            assertThat(server.activeSessions()).isZero();
            assertThat(registry.get("bench.media.packets").tags("leg", "a", "kind", "rtp").counter().count())
                    .isPositive();
        }
    }
}
