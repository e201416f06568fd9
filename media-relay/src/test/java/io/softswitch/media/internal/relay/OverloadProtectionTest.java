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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Overload protection ({@code media.max_queue_delay_ms}, {@link OverloadControl}) on real sockets.
 * The overload is a task that holds the session's event loop for twice the limit pass after pass,
 * as a loop that cannot keep up does; the pauses a loop that keeps up can have are the same task
 * twice, then calm. What is asserted is what the receivers saw and the drops counted, not timing.
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
     * A saturated loop: pass after pass, a task keeps it busy for twice the limit and lets one I/O
     * pass run before the next, until {@code until} holds on the loop or for {@code passes} passes.
     * The task is due at once, so that pass only polls (it may not block): the loop is never idle in
     * between, however long the poll takes, as a loop always finding its sockets readable. (Timing
     * the poll instead, 100 µs and more on a quiet machine with cold code, counted it as idle.)
     */
    private static void saturate(MediaSession session, int passes, BooleanSupplier until) {
        io.netty.channel.EventLoop loop = ((RelaySession) session).loop();
        loop.execute(new Runnable() {
            private int left = passes;

            @Override
            public void run() {
                busy(2 * LIMIT.toNanos());
                if (--left > 0 && !until.getAsBoolean()) {
                    loop.schedule(this, 0, TimeUnit.NANOSECONDS); // after the next I/O pass
                }
            }
        });
    }

    /** Holds the calling (loop) thread for {@code nanos}: the work or the pause being simulated. */
    private static void busy(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
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

            saturate(old, 20, ((RelaySession) young)::isShed);
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

    /**
     * Below saturation the loop is paused (a GC, a descheduled thread, a burst of cold code) twice in
     * a row for twice the limit, three times, while three calls send 50 packets/s: late passes, but
     * each followed by passes that catch up. Nothing is shed, every packet is relayed. (The earlier
     * rule, lag above the limit for the limit's length, shed at the second pause.)
     *
     * <p>The loop must keep up for real: the pauses start once a second of media was relayed (the
     * first packets run cold code, up to 10 ms each with paranoid leak detection on a loaded
     * machine: a pause then is followed by a loop that is behind), and the next pair once all
     * that was sent before has been relayed, plus a calm 100 ms.
     */
    @ParameterizedTest
    @MethodSource("transports")
    void pausesOfALoopThatKeepsUpShedNothing(Transport transport) throws Exception {
        RecordingEvents events = new RecordingEvents();
        DatagramRelay relay = new DatagramRelay(settings(LIMIT), events, transport);
        List<RtpPeer> peers = new ArrayList<>();
        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
        try {
            List<MediaSession> sessions = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RtpPeer pbx = new RtpPeer();
                RtpPeer carrier = new RtpPeer();
                peers.add(pbx);
                peers.add(carrier);
                MediaSession session = relay.createSession("call" + i, SessionOptions.DEFAULT, events);
                session.offer(Side.A, Sdps.audio("127.0.0.1", pbx.port()));
                session.answer(Side.B, Sdps.audio("127.0.0.1", carrier.port()));
                sessions.add(session);
            }
            AtomicInteger sent = new AtomicInteger();
            sender.scheduleAtFixedRate(() -> {
                int seq = sent.incrementAndGet();
                for (int i = 0; i < sessions.size(); i++) {
                    peers.get(2 * i).send(pcmu(seq, 0xA + i), sessions.get(i).localRtpPort(Side.A));
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
            int[] received = new int[sessions.size()];
            expectRelayed(peers, received, 50);

            io.netty.channel.EventLoop loop = ((RelaySession) sessions.get(0)).loop();
            for (int round = 0; round < 3; round++) {
                // two pauses with one I/O pass between them (which reads what queued meanwhile)
                loop.submit(() -> {
                    busy(2 * LIMIT.toNanos());
                    return loop.schedule(() -> busy(2 * LIMIT.toNanos()), 0, TimeUnit.NANOSECONDS);
                }).get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
                expectRelayed(peers, received, sent.get()); // caught up
                loop.schedule(() -> null, 100, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);
            }
            sender.submit(() -> null).get(10, TimeUnit.SECONDS);
            sender.shutdown();
            assertThat(sender.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            expectRelayed(peers, received, sent.get());
            assertThat(events.shedding).isEmpty();
            assertThat(events.drops(DropReason.OVERLOAD)).isZero();
        } finally {
            sender.shutdownNow();
            peers.forEach(RtpPeer::close);
            relay.close();
        }
    }

    /**
     * Receives each call's packets from its callee ({@code peers}: caller, callee, caller...) in
     * order up to sequence number {@code upTo}; {@code received} holds the last one per call.
     */
    private static void expectRelayed(List<RtpPeer> peers, int[] received, int upTo) {
        for (int i = 0; i < received.length; i++) {
            RtpPeer carrier = peers.get(2 * i + 1);
            while (received[i] < upTo) {
                assertThat(carrier.receive().sequence()).as("call%d", i).isEqualTo(++received[i]);
            }
        }
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

            saturate(old, 3, () -> false);
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
