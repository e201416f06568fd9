package io.softswitch.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.softswitch.media.testing.RecordingEvents;
import io.softswitch.media.testing.RtpPeer;
import io.softswitch.media.testing.Sdps;
import io.softswitch.media.testing.TestRelays;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionLifecycleTest {
    private final RecordingEvents events = new RecordingEvents();
    private MediaRelay relay;

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void silentSessionRaisesOneRtpTimeoutEvent() throws Exception {
        relay = MediaRelay.start(TestRelays.loopback(20).withRtpTimeout(Duration.ofMillis(200)), events);
        long start = System.nanoTime();
        MediaSession session = relay.createSession("quiet", SessionOptions.DEFAULT, events);
        Duration silence = events.timeout.get(5, TimeUnit.SECONDS);
        assertThat(silence).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(session.isClosed()).isFalse(); // the engine decides; it hangs up and closes
    }

    @Test
    void mediaKeepsTheSessionAliveUntilItStops() throws Exception {
        // Timeout generous enough that a loaded CI machine's scheduling stalls do not trip it.
        relay = MediaRelay.start(TestRelays.loopback(20).withRtpTimeout(Duration.ofMillis(1500)), events);
        MediaSession session = relay.createSession("talking", SessionOptions.DEFAULT, events);
        try (RtpPeer pbx = new RtpPeer(); RtpPeer carrier = new RtpPeer()) {
            session.offer(Side.A, Sdps.audio("127.0.0.1", pbx.port()));
            session.answer(Side.B, Sdps.audio("127.0.0.1", carrier.port()));
            long lastPacket = 0;
            for (int i = 0; i < 100; i++) { // 2 s of 20 ms packets, longer than the timeout
                pbx.send(RtpPeer.pcmu(i, 1), session.localRtpPort(Side.A));
                carrier.receive(); // paces the loop on the relay's own forwarding
                lastPacket = System.nanoTime();
                await().pollDelay(Duration.ofMillis(20)).until(() -> true);
                assertThat(events.timeout).isNotDone();
            }
            events.timeout.get(5, TimeUnit.SECONDS);
            assertThat(System.nanoTime() - lastPacket).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1500));
        }
    }

    @Test
    void exhaustedRangeFailsWithAClearReasonAndClosingFreesThePorts() throws Exception {
        relay = MediaRelay.start(TestRelays.loopback(8), events); // 4 pairs = 2 sessions
        List<MediaSession> sessions = new ArrayList<>();
        sessions.add(relay.createSession("1", SessionOptions.DEFAULT, events));
        sessions.add(relay.createSession("2", SessionOptions.DEFAULT, events));
        assertThat(relay.portsInUse()).isEqualTo(8);
        assertThatThrownBy(() -> relay.createSession("3", SessionOptions.DEFAULT, events))
                .isInstanceOf(MediaUnavailableException.class)
                .hasMessageContaining("media: no free port pair in " + relay.settings().portMin() + "-"
                        + relay.settings().portMax() + " (8 ports in use");
        int freed = sessions.get(0).localRtpPort(Side.A);
        sessions.get(0).close();
        assertThat(relay.portsInUse()).isEqualTo(4);
        // The sockets close on their loop after close() returns (the JDK closes a registered channel at
        // the loop's next select); with no quarantine the pair could come back while still bound.
        awaitBindable(freed);
        MediaSession third = relay.createSession("3", SessionOptions.DEFAULT, events); // quarantine 0
        assertThat(third.localRtpPort(Side.A) % 2).isZero();
    }

    @Test
    void releasedPortsStayInQuarantineBeforeReuse() throws Exception {
        Duration quarantine = Duration.ofMillis(2500); // long enough to try a reuse inside it on a loaded machine
        relay = MediaRelay.start(TestRelays.loopback(4).withPortQuarantine(quarantine), events); // one session
        MediaSession first = relay.createSession("1", SessionOptions.DEFAULT, events);
        int port = first.localRtpPort(Side.A);
        first.close();
        long released = System.nanoTime();
        assertThatThrownBy(() -> relay.createSession("2", SessionOptions.DEFAULT, events))
                .isInstanceOf(MediaUnavailableException.class).hasMessageContaining("quarantine");
        MediaSession second = await().atMost(Duration.ofSeconds(8)).ignoreExceptions()
                .until(() -> relay.createSession("2", SessionOptions.DEFAULT, events), s -> s != null);
        assertThat(System.nanoTime() - released).isGreaterThanOrEqualTo(quarantine.toNanos());
        assertThat(List.of(second.localRtpPort(Side.A), second.localRtpPort(Side.B))).contains(port);
    }

    @Test
    void aPortTakenByAnotherProcessIsSkipped() throws Exception {
        // the squatter takes the first port of a random window; on a shared machine that port may
        // already be someone else's (then that someone is the squatter, but we could not check it)
        java.net.DatagramSocket squatter = null;
        MediaRelaySettings settings = null;
        for (int attempt = 0; squatter == null; attempt++) {
            settings = TestRelays.loopback(8);
            try {
                squatter = new java.net.DatagramSocket(settings.portMin(), java.net.InetAddress.getLoopbackAddress());
            } catch (java.net.BindException e) {
                assertThat(attempt).as("free port windows tried").isLessThan(20);
            }
        }
        relay = MediaRelay.start(settings, events);
        int min = relay.settings().portMin();
        try (java.net.DatagramSocket taken = squatter) {
            MediaSession session = relay.createSession("1", SessionOptions.DEFAULT, events);
            assertThat(session.localRtpPort(Side.A)).isNotEqualTo(min);
            assertThat(session.localRtpPort(Side.B)).isNotEqualTo(min);
            assertThat(taken.getLocalPort()).isEqualTo(min);
        }
    }

    @Test
    void settingsRejectBadValuesWithTheFieldAndRange() {
        MediaRelaySettings ok = TestRelays.loopback(8);
        assertThatThrownBy(() -> ok.withPorts(20001, 20010)).hasMessage("portMin: 20001 (expected: an even port)");
        assertThatThrownBy(() -> ok.withPorts(20000, 70000)).hasMessage("portMax: 70000 (expected: 20001-65535)");
        assertThatThrownBy(() -> ok.withPorts(80, 100)).hasMessage("portMin: 80 (expected: 1024-65534)");
        assertThatThrownBy(() -> ok.withRtpTimeout(Duration.ofSeconds(-1)))
                .hasMessageContaining("rtpTimeout: PT-1S (expected: >= 0");
        relay = MediaRelay.start(ok, MediaEvents.NONE);
    }

    /** Returns once UDP port {@code port} on loopback can be bound (its previous socket is closed). */
    private static void awaitBindable(int port) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1)).until(() -> {
            try (java.net.DatagramSocket probe = new java.net.DatagramSocket(
                    new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port))) {
                return true;
            } catch (java.net.SocketException stillBound) {
                return false;
            }
        });
    }
}
