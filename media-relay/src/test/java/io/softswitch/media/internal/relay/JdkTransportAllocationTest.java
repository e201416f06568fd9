package io.softswitch.media.internal.relay;

import static io.softswitch.media.testing.RtpPeer.pcmu;
import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.media.MediaEncryption;
import io.softswitch.media.MediaEvents;
import io.softswitch.media.MediaSession;
import io.softswitch.media.SdpResult;
import io.softswitch.media.SessionListener;
import io.softswitch.media.SessionOptions;
import io.softswitch.media.Side;
import io.softswitch.media.LatchingMode;
import io.softswitch.media.SrtpSuite;
import io.softswitch.media.internal.srtp.SrtpWarmUp;
import io.softswitch.media.testing.RtpPeer;
import io.softswitch.media.testing.Sdps;
import io.softswitch.media.testing.TestRelays;
import io.netty.util.ResourceLeakDetector;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The jdk transport ({@link JdkDatagramSocket}) relays without allocating: the bytes allocated by the
 * session's event loop thread over a window of relayed packets, on real sockets, once the JIT has
 * compiled the path. Netty's epoll channels allocate about 150 bytes per packet on the same path
 * (bench/media/RESULTS.md), so this test fails on them.
 *
 * <p>The session's sockets get file descriptors above 127, as in a relay with more than a few dozen
 * calls ({@link #DESCRIPTORS_HELD} sockets are held open first): JDK 17's epoll selector finds each
 * ready socket's key in a {@code HashMap<Integer, ...>} by its descriptor
 * ({@code EPollSelectorImpl.processEvents}), which boxes every descriptor above the Integer cache,
 * 16 bytes per ready socket per wake-up. The daemon's JVM runs with {@code -XX:AutoBoxCacheMax=65535}
 * ({@code ./softswitch}), and so does this module's test JVM (surefire's {@code argLine}); without the
 * option these tests fail (about 16 bytes per packet, one socket ready per wake-up).
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
    /** Sockets held open before the session's: its descriptors then lie above the default Integer cache (127). */
    private static final int DESCRIPTORS_HELD = 128;

    @Test
    void relaysPlainRtpWithoutAllocatingPerPacket() throws Exception {
        assertRelaysWithoutAllocating(MediaEncryption.NONE);
    }

    /** SRTP towards the carrier: each packet is encrypted (AES-CM and HMAC-SHA1) into the session's scratch array. */
    @Test
    void encryptsSrtpTowardsTheCarrierWithoutAllocatingPerPacket() throws Exception {
        assertThat(SrtpWarmUp.await(Duration.ofSeconds(60))).as("SRTP warm-up").isTrue();
        assertRelaysWithoutAllocating(MediaEncryption.SDES);
    }

    private static void assertRelaysWithoutAllocating(MediaEncryption carrierLeg) throws Exception {
        // Leak detection (paranoid in test runs) records a stack trace per buffer: what is measured here
        // is the relay as it runs in production (MediaRelay.productionLeakDetection turns it off).
        ResourceLeakDetector.Level leakLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        List<DatagramChannel> held = holdDescriptors();
        DatagramRelay relay = new DatagramRelay(TestRelays.loopback(20).withEventLoopThreads(1), MediaEvents.NONE,
                Transport.jdk());
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (RtpPeer pbx = new RtpPeer(); RtpPeer carrier = new RtpPeer()) {
            MediaSession session = relay.createSession("alloc", new SessionOptions(LatchingMode.SIGNALLED_IP,
                    LatchingMode.SIGNALLED_IP, MediaEncryption.NONE, carrierLeg), SessionListener.NONE);
            assertThat(session.offer(Side.A, Sdps.audio("127.0.0.1", pbx.port())))
                    .isInstanceOf(SdpResult.Rewritten.class);
            assertThat(session.answer(Side.B, carrierAnswer(carrierLeg, carrier.port())))
                    .isInstanceOf(SdpResult.Rewritten.class);
            long loopThread = ((RelaySession) session).loop().submit(() -> Thread.currentThread().getId()).get();
            int port = session.localRtpPort(Side.A);

            int[] sequence = {0};
            Runnable relayOne = () -> {
                int seq = sequence[0]++ & 0xFFFF;
                pbx.send(pcmu(seq, 0xA), port);
                RtpPeer.Received received = carrier.receive();
                assertThat(received.sequence()).isEqualTo(seq); // one in flight: none lost or reordered
                assertThat(received.data().length).isEqualTo(carrierLeg == MediaEncryption.NONE ? 172 : 172 + 10);
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
                    .as("bytes allocated per relayed packet by the event loop, per window of %d: %s "
                            + "(descriptors boxed without allocating: %s; -XX:AutoBoxCacheMax=65535 missing?)", WINDOW,
                            perPacket, descriptorsCached())
                    .isLessThan(BOUND_BYTES_PER_PACKET);
            session.close();
        } finally {
            relay.close();
            for (DatagramChannel channel : held) {
                channel.close();
            }
            ResourceLeakDetector.setLevel(leakLevel);
        }
    }

    /** The carrier's answer: plain, or SRTP choosing the relay's first offered suite (tag 1) with a fixed key. */
    private static String carrierAnswer(MediaEncryption carrierLeg, int port) {
        if (carrierLeg == MediaEncryption.NONE) {
            return Sdps.audio("127.0.0.1", port);
        }
        SrtpSuite suite = SrtpSuite.AES_CM_128_HMAC_SHA1_80;
        byte[] key = new byte[suite.keyMaterialLength()];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (7 * i + 1);
        }
        return Sdps.audio("127.0.0.1", port, "a=crypto:1 " + suite.sdpName() + " inline:"
                + Base64.getEncoder().encodeToString(key)).replace("RTP/AVP", "RTP/SAVP");
    }

    private static List<DatagramChannel> holdDescriptors() throws IOException {
        List<DatagramChannel> held = new ArrayList<>(DESCRIPTORS_HELD);
        for (int i = 0; i < DESCRIPTORS_HELD; i++) {
            held.add(DatagramChannel.open());
        }
        return held;
    }

    /** Whether the JVM's Integer cache reaches 65535, as {@code -XX:AutoBoxCacheMax=65535} makes it. */
    private static boolean descriptorsCached() {
        return Integer.valueOf(65_535) == Integer.valueOf(65_535);
    }
}
