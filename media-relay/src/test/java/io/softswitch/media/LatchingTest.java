package io.softswitch.media;

import static io.softswitch.media.testing.RtpPeer.pcmu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.softswitch.media.testing.RecordingEvents;
import io.softswitch.media.testing.RtpPeer;
import io.softswitch.media.testing.Sdps;
import io.softswitch.media.testing.TestRelays;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The PBX signals 127.0.0.1:{signalled} but, as behind a NAT, sends from another port or
 * address; the carrier side is well-behaved.
 */
class LatchingTest {
    private final RecordingEvents events = new RecordingEvents();
    private MediaRelay relay;
    private MediaSession session;
    private final RtpPeer signalled = new RtpPeer();
    private final RtpPeer carrier = new RtpPeer();

    @AfterEach
    void stop() {
        relay.close();
        signalled.close();
        carrier.close();
    }

    private void start(LatchingMode pbxMode, Duration natWindow, String pbxSdpAddress) throws Exception {
        relay = MediaRelay.start(TestRelays.loopback(20).withNatLatchWindow(natWindow), events);
        session = relay.createSession("latch", new SessionOptions(pbxMode, LatchingMode.SIGNALLED_IP), events);
        session.offer(Side.A, Sdps.audio(pbxSdpAddress, signalled.port()));
        session.answer(Side.B, Sdps.audio("127.0.0.1", carrier.port()));
    }

    private int carrierSends(int sequence) {
        carrier.send(pcmu(sequence, 0xB), session.localRtpPort(Side.B));
        return sequence;
    }

    @Test
    void latchingOffKeepsSendingToTheSdpAddress() throws Exception {
        start(LatchingMode.OFF, Duration.ZERO, "127.0.0.1");
        try (RtpPeer natted = new RtpPeer()) {
            natted.send(pcmu(1, 0xA), session.localRtpPort(Side.A));
            assertThat(carrier.receive().sequence()).isEqualTo(1);
            carrierSends(2);
            assertThat(signalled.receive().sequence()).isEqualTo(2);
        }
    }

    @Test
    void signalledIpModeLatchesToTheSourcePortOfTheSignalledIp() throws Exception {
        start(LatchingMode.SIGNALLED_IP, Duration.ZERO, "127.0.0.1");
        carrierSends(1);
        assertThat(signalled.receive().sequence()).isEqualTo(1); // before any packet: the SDP address
        try (RtpPeer natted = new RtpPeer()) {
            natted.send(pcmu(1, 0xA), session.localRtpPort(Side.A));
            assertThat(carrier.receive().sequence()).isEqualTo(1);
            carrierSends(2);
            assertThat(natted.receive().sequence()).isEqualTo(2);
        }
    }

    @Test
    void hijackFromAnotherIpIsIgnoredInSignalledIpMode() throws Exception {
        start(LatchingMode.SIGNALLED_IP, Duration.ZERO, "127.0.0.1");
        try (RtpPeer attacker = new RtpPeer("127.0.0.2")) {
            attacker.send(pcmu(666, 0xBAD), session.localRtpPort(Side.A));
            signalled.send(pcmu(1, 0xA), session.localRtpPort(Side.A));
            // the carrier gets the PBX's packet, not the attacker's, and media still goes to the PBX
            assertThat(carrier.receive().sequence()).isEqualTo(1);
            carrierSends(2);
            assertThat(signalled.receive().sequence()).isEqualTo(2);
            await().until(() -> events.drops(DropReason.SOURCE_MISMATCH) == 1);
        }
        assertThat(session.close().a().received().packets()).isEqualTo(1);
    }

    @Test
    void natModeLatchesToTheFirstSourceOfAnyAddressWithinTheWindow() throws Exception {
        start(LatchingMode.NAT, Duration.ofSeconds(30), "10.1.2.3"); // private address in the SDP
        try (RtpPeer nat = new RtpPeer("127.0.0.3"); RtpPeer attacker = new RtpPeer("127.0.0.2")) {
            nat.send(pcmu(1, 0xA), session.localRtpPort(Side.A));
            assertThat(carrier.receive().sequence()).isEqualTo(1);
            attacker.send(pcmu(666, 0xBAD), session.localRtpPort(Side.A)); // second source: ignored
            carrierSends(2);
            assertThat(nat.receive().sequence()).isEqualTo(2);
            await().until(() -> events.drops(DropReason.SOURCE_MISMATCH) == 1);
        }
    }

    @Test
    void natModeAfterTheWindowFollowsANewSourceOnlyWithTheLatchedSsrc() throws Exception {
        start(LatchingMode.NAT, Duration.ofMillis(1), "10.1.2.3");
        await().pollDelay(Duration.ofMillis(5)).until(() -> true); // the window is over
        try (RtpPeer nat = new RtpPeer("127.0.0.3"); RtpPeer rebound = new RtpPeer("127.0.0.4");
                RtpPeer attacker = new RtpPeer("127.0.0.2")) {
            nat.send(pcmu(1, 0xA), session.localRtpPort(Side.A));
            // the window is over and nothing was latched: a source outside the SDP address is refused
            await().until(() -> events.drops(DropReason.SOURCE_MISMATCH) == 1);

            relay.close();
            relay = MediaRelay.start(TestRelays.loopback(20).withNatLatchWindow(Duration.ofMillis(300)), events);
            session = relay.createSession("latch", new SessionOptions(LatchingMode.NAT, LatchingMode.SIGNALLED_IP), events);
            session.offer(Side.A, Sdps.audio("10.1.2.3", signalled.port()));
            session.answer(Side.B, Sdps.audio("127.0.0.1", carrier.port()));
            nat.send(pcmu(1, 0xA), session.localRtpPort(Side.A)); // latched within the window
            assertThat(carrier.receive().sequence()).isEqualTo(1);
            await().pollDelay(Duration.ofMillis(350)).until(() -> true); // the window is over

            attacker.send(pcmu(666, 0xBAD), session.localRtpPort(Side.A));
            rebound.send(pcmu(2, 0xA), session.localRtpPort(Side.A)); // same SSRC from a new NAT binding
            assertThat(carrier.receive().sequence()).isEqualTo(2);
            carrierSends(3);
            assertThat(rebound.receive().sequence()).isEqualTo(3);
            await().until(() -> events.drops(DropReason.SOURCE_MISMATCH) == 2);
        }
    }
}
