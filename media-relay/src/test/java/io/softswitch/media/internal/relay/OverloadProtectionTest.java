package io.softswitch.media.internal.relay;

import static io.softswitch.media.testing.RtpPeer.pcmu;
import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.media.DropReason;
import io.softswitch.media.MediaRelaySettings;
import io.softswitch.media.MediaSession;
import io.softswitch.media.SessionOptions;
import io.softswitch.media.Side;
import io.softswitch.media.testing.RecordingEvents;
import io.softswitch.media.testing.RtpPeer;
import io.softswitch.media.testing.Sdps;
import io.softswitch.media.testing.TestRelays;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Overload protection ({@code media.max_queue_delay_ms}, {@link OverloadControl}) on real sockets.
 * The overload is a task that holds the session's event loop for twice the limit in three passes
 * in a row, as a loop that cannot keep up does; what is asserted is what the receivers saw and the drops counted, not timing.
 */
class OverloadProtectionTest {
    private static final Duration LIMIT = Duration.ofMillis(200);
    private static final int BACKLOG = 200; // more than the socket buffer holds (~78)

    static Stream<Transport> transports() {
        return Stream.of(Transport.best(), Transport.nio(), Transport.jdk());
    }

    private static MediaRelaySettings settings(Duration limit) {
        return TestRelays.loopback(100).withEventLoopThreads(1).withMaxQueueDelay(limit);
    }

    /**
     * A sustained overload: three passes of the loop in a row each take twice the limit (a task
     * that keeps it busy, then lets one I/O pass run before the next).
     */
    private static void stall(MediaSession session) {
        io.netty.channel.EventLoop loop = ((RelaySession) session).loop();
        loop.execute(new Runnable() {
            private int left = 3;

            @Override
            public void run() {
                long end = System.nanoTime() + 2 * LIMIT.toNanos();
                while (System.nanoTime() - end < 0) {
                    Thread.onSpinWait(); // the overload being simulated: a busy loop
                }
                if (--left > 0) {
                    loop.schedule(this, 1, TimeUnit.MILLISECONDS); // after the next I/O pass
                }
            }
        });
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aLoopThatFallsBehindShedsItsNewestSessionAndKeepsTheOldOnesFlowing(Transport transport) throws Exception {
        RecordingEvents events = new RecordingEvents();
        DatagramRelay relay = new DatagramRelay(settings(LIMIT), events, transport);
        try (RtpPeer pbx1 = new RtpPeer(); RtpPeer carrier1 = new RtpPeer();
                RtpPeer pbx2 = new RtpPeer(); RtpPeer carrier2 = new RtpPeer()) {
            MediaSession old = relay.createSession("old", SessionOptions.DEFAULT, events);
            MediaSession young = relay.createSession("young", SessionOptions.DEFAULT, events);
            old.offer(Side.A, Sdps.audio("127.0.0.1", pbx1.port()));
            old.answer(Side.B, Sdps.audio("127.0.0.1", carrier1.port()));
            young.offer(Side.A, Sdps.audio("127.0.0.1", pbx2.port()));
            young.answer(Side.B, Sdps.audio("127.0.0.1", carrier2.port()));
            pbx1.send(pcmu(1, 0xA), old.localRtpPort(Side.A));
            assertThat(carrier1.receive().sequence()).isEqualTo(1);
            // On this shared machine the loop may fall behind by itself (a descheduled thread) and
            // shed the young session early: what follows holds either way.
            int seq = 1;
            int receivedByYoung = 0;
            seq = relayOne(pbx2, carrier2, young, seq);
            receivedByYoung++;
            events.shedding.clear();

            stall(old);
            assertThat(events.shedding.poll(10, TimeUnit.SECONDS)).isEqualTo("young:shed");
            afterTheNextPass(old); // the old session's backlog (empty here) is discarded in that pass

            // While shed, the young session's packets wait in (and overflow) its socket buffer;
            // the old session is relayed as before.
            int backlogStart = seq;
            for (int i = 0; i < BACKLOG; i++) {
                pbx2.send(pcmu(seq++, 0xB), young.localRtpPort(Side.A));
            }
            for (int s = 2; s < 22; s++) {
                pbx1.send(pcmu(s, 0xA), old.localRtpPort(Side.A));
                assertThat(carrier1.receive().sequence()).isEqualTo(s);
            }

            // After a calm second it is read again; its backlog is too old and is discarded.
            assertThat(events.shedding.poll(10, TimeUnit.SECONDS)).isEqualTo("young:resumed");
            int last = relayOne(pbx2, carrier2, young, seq);
            receivedByYoung++;
            assertThat(last).as("first packet the young callee saw after the overload")
                    .isGreaterThanOrEqualTo(backlogStart + BACKLOG);
            // every sequence number up to the last relayed one reached the callee or is an overload
            // drop: discarded on resume or dropped by the kernel (counted from the sequence gap)
            long expectedDrops = last - receivedByYoung;
            assertThat(events.drops(DropReason.OVERLOAD)).isEqualTo(expectedDrops);
            assertThat(young.close().a().dropped()).isEqualTo(expectedDrops);
            assertThat(old.close().a().dropped()).isZero();
            assertThat(events.shedding).doesNotContain("old:shed");
        } finally {
            relay.close();
        }
    }

    /** Returns once the loop has ended the pass that follows now (a scheduled task runs after it). */
    private static void afterTheNextPass(MediaSession session) throws Exception {
        io.netty.channel.EventLoop loop = ((RelaySession) session).loop();
        for (int i = 0; i < 2; i++) {
            loop.schedule(() -> null, 1, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Sends fresh packets from {@code seq} on until one reaches {@code callee} (a packet may land in
     * a batch discarded on resume, or the session may be shed); returns the sequence number relayed.
     */
    private static int relayOne(RtpPeer caller, RtpPeer callee, MediaSession session, int seq) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() - deadline < 0) {
            caller.send(pcmu(seq++, 0xB), session.localRtpPort(Side.A));
            RtpPeer.Received received = callee.poll(Duration.ofMillis(200));
            if (received != null) {
                assertThat(callee.poll(Duration.ofMillis(1))).as("one packet relayed per packet sent").isNull();
                return received.sequence();
            }
        }
        throw new AssertionError("no packet relayed within 20 s");
    }

    @Test
    void withoutTheLimitABackedUpSocketIsRelayedLate() throws Exception {
        RecordingEvents events = new RecordingEvents();
        DatagramRelay relay = new DatagramRelay(settings(Duration.ZERO), events, Transport.best());
        try (RtpPeer pbx1 = new RtpPeer(); RtpPeer carrier1 = new RtpPeer();
                RtpPeer pbx2 = new RtpPeer(); RtpPeer carrier2 = new RtpPeer()) {
            MediaSession old = relay.createSession("old", SessionOptions.DEFAULT, events);
            MediaSession young = relay.createSession("young", SessionOptions.DEFAULT, events);
            old.offer(Side.A, Sdps.audio("127.0.0.1", pbx1.port()));
            old.answer(Side.B, Sdps.audio("127.0.0.1", carrier1.port()));
            young.offer(Side.A, Sdps.audio("127.0.0.1", pbx2.port()));
            young.answer(Side.B, Sdps.audio("127.0.0.1", carrier2.port()));

            stall(old);
            for (int seq = 1; seq <= 10; seq++) {
                pbx2.send(pcmu(seq, 0xB), young.localRtpPort(Side.A));
            }
            for (int seq = 1; seq <= 10; seq++) { // all of it, after the stall
                assertThat(carrier2.receive().sequence()).isEqualTo(seq);
            }
            assertThat(events.shedding).isEmpty();
            assertThat(events.drops(DropReason.OVERLOAD)).isZero();
        } finally {
            relay.close();
        }
    }
}
