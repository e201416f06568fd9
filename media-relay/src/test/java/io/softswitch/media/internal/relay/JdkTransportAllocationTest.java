package io.softswitch.media.internal.relay;

import static io.softswitch.media.testing.RtpPeer.pcmu;
import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.media.MediaEvents;
import io.softswitch.media.MediaSession;
import io.softswitch.media.SessionListener;
import io.softswitch.media.SessionOptions;
import io.softswitch.media.Side;
import io.softswitch.media.testing.RtpPeer;
import io.softswitch.media.testing.Sdps;
import io.softswitch.media.testing.TestRelays;
import io.netty.util.ResourceLeakDetector;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The jdk transport ({@link JdkDatagramSocket}) relays without allocating: the bytes allocated by the
 * session's event loop thread over a window of relayed packets, on real sockets, once the JIT has
 * compiled the path. Netty's epoll channels allocate about 150 bytes per packet on the same path
 * (bench/media/RESULTS.md), so this test fails on them.
 */
class JdkTransportAllocationTest {
    /** Generous: a scheduled task or a rare resize on the loop may allocate a little now and then. */
    private static final double BOUND_BYTES_PER_PACKET = 8;
    private static final int WARM_UP = 30_000;
    private static final int WINDOW = 10_000;
    /**
     * Windows measured at most: on a loaded machine the compiler may finish the path only after the
     * warm-up, and a window measured before is not the steady state. Steady state is one window under
     * the bound; a transport that allocates per packet exceeds it in every window.
     */
    private static final int WINDOWS = 8;

    static Stream<Transport> transports() {
        return Stream.of(Transport.jdk());
    }

    @ParameterizedTest
    @MethodSource("transports")
    void relaysRtpWithoutAllocatingPerPacket(Transport transport) throws Exception {
        // Leak detection (paranoid in test runs) records a stack trace per buffer: what is measured here
        // is the relay as it runs in production (MediaRelay.productionLeakDetection turns it off).
        ResourceLeakDetector.Level leakLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        DatagramRelay relay = new DatagramRelay(TestRelays.loopback(20).withEventLoopThreads(1), MediaEvents.NONE,
                transport);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (RtpPeer pbx = new RtpPeer(); RtpPeer carrier = new RtpPeer()) {
            MediaSession session = relay.createSession("alloc", SessionOptions.DEFAULT, SessionListener.NONE);
            session.offer(Side.A, Sdps.audio("127.0.0.1", pbx.port()));
            session.answer(Side.B, Sdps.audio("127.0.0.1", carrier.port()));
            long loopThread = ((RelaySession) session).loop().submit(() -> Thread.currentThread().getId()).get();
            int port = session.localRtpPort(Side.A);

            int[] sequence = {0};
            Runnable relayOne = () -> {
                int seq = sequence[0]++ & 0xFFFF;
                pbx.send(pcmu(seq, 0xA), port);
                assertThat(carrier.receive().sequence()).isEqualTo(seq); // one in flight: none lost or reordered
            };
            for (int i = 0; i < WARM_UP; i++) {
                relayOne.run();
            }
            List<Double> perPacket = new ArrayList<>();
            for (int w = 0; w < WINDOWS; w++) {
                long before = threads.getThreadAllocatedBytes(loopThread);
                for (int i = 0; i < WINDOW; i++) {
                    relayOne.run();
                }
                // The loop has sent the last packet (the carrier received it): its allocations are counted.
                double bytes = (double) (threads.getThreadAllocatedBytes(loopThread) - before) / WINDOW;
                perPacket.add(bytes);
                if (bytes < BOUND_BYTES_PER_PACKET) {
                    break;
                }
            }
            assertThat(perPacket.get(perPacket.size() - 1))
                    .as("bytes allocated per relayed packet by the event loop, per window of %d: %s", WINDOW,
                            perPacket)
                    .isLessThan(BOUND_BYTES_PER_PACKET);
            session.close();
        } finally {
            relay.close();
            ResourceLeakDetector.setLevel(leakLevel);
        }
    }
}
