package io.softswitch.media;

import static io.softswitch.media.testing.RtpPeer.pcmu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.softswitch.media.testing.RecordingEvents;
import io.softswitch.media.testing.RtpPeer;
import io.softswitch.media.testing.Sdps;
import io.softswitch.media.testing.TestRelays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RelayForwardingTest {
    private final RecordingEvents events = new RecordingEvents();
    private MediaRelay relay;
    private MediaSession session;
    private final RtpPeer pbx = new RtpPeer();
    private final RtpPeer carrier = new RtpPeer();

    @BeforeEach
    void start() throws Exception {
        relay = MediaRelay.start(TestRelays.loopback(100), events);
        session = relay.createSession("call-1", SessionOptions.DEFAULT, events);
    }

    @AfterEach
    void stop() {
        relay.close();
        pbx.close();
        carrier.close();
    }

    private void connect() {
        SdpResult offer = session.offer(Side.A, Sdps.audio("127.0.0.1", pbx.port()));
        assertThat(offer).isInstanceOf(SdpResult.Rewritten.class);
        assertThat(((SdpResult.Rewritten) offer).sdp()).contains("m=audio " + session.localRtpPort(Side.B) + " ");
        SdpResult answer = session.answer(Side.B, Sdps.audio("127.0.0.1", carrier.port()));
        assertThat(((SdpResult.Rewritten) answer).sdp()).contains("m=audio " + session.localRtpPort(Side.A) + " ");
    }

    @Test
    void relaysRtpBothWaysFromTheSignalledPorts() {
        connect();
        byte[] fromPbx = pcmu(1, 0xA);
        pbx.send(fromPbx, session.localRtpPort(Side.A));
        RtpPeer.Received atCarrier = carrier.receive();
        assertThat(atCarrier.data()).isEqualTo(fromPbx);
        assertThat(atCarrier.from().getPort()).isEqualTo(session.localRtpPort(Side.B)); // symmetric

        byte[] fromCarrier = pcmu(500, 0xB);
        carrier.send(fromCarrier, session.localRtpPort(Side.B));
        RtpPeer.Received atPbx = pbx.receive();
        assertThat(atPbx.data()).isEqualTo(fromCarrier);
        assertThat(atPbx.from().getPort()).isEqualTo(session.localRtpPort(Side.A));

        MediaStats stats = session.close();
        assertThat(stats.a().received().packets()).isEqualTo(1);
        assertThat(stats.a().received().bytes()).isEqualTo(172);
        assertThat(stats.b().received().packets()).isEqualTo(1);
        assertThat(stats.a().packetsSent()).isEqualTo(1);
        assertThat(stats.b().packetsSent()).isEqualTo(1);
    }

    @Test
    void theSessionCountsTheSameSampledLatenciesAsTheSwitchWideEvent() {
        connect();
        for (int seq = 0; seq < 40; seq++) {
            pbx.send(pcmu(seq, 0xA), session.localRtpPort(Side.A));
            carrier.receive();
        }
        LatencyHistogram live = session.stats().relayLatency();
        MediaStats stats = session.close();
        // packets 0, 16 and 32 of the session are sampled (1 in MediaEvents.LATENCY_SAMPLE_INTERVAL)
        assertThat(stats.relayLatency().count()).isEqualTo(3);
        assertThat(live).as("read while the session was up").isEqualTo(stats.relayLatency());
        assertThat(events.latencies).hasSize(3);
        long[] expected = new long[LatencyHistogram.BUCKETS];
        events.latencies.forEach(n -> expected[LatencyHistogram.bucket(n)]++);
        assertThat(stats.relayLatency()).isEqualTo(LatencyHistogram.of(expected));
    }

    @Test
    void relaysRtcpBetweenTheOddPortsAndTheSignalledRtcpPort() {
        try (RtpPeer pbxRtcp = new RtpPeer()) {
            session.offer(Side.A, Sdps.audio("127.0.0.1", pbx.port(), "a=rtcp:" + pbxRtcp.port()));
            session.answer(Side.B, Sdps.audio("127.0.0.1", carrier.port()));
            try (RtpPeer carrierRtcp = new RtpPeer()) {
                // the carrier's RTCP port is its RTP port + 1 (no a=rtcp); it sends from wherever
                byte[] report = RtpPeer.rtcpReceiverReport(0xB);
                carrierRtcp.send(report, session.localRtpPort(Side.B) + 1);
                RtpPeer.Received atPbx = pbxRtcp.receive();
                assertThat(atPbx.data()).isEqualTo(report);
                assertThat(atPbx.from().getPort()).isEqualTo(session.localRtpPort(Side.A) + 1);

                byte[] back = RtpPeer.rtcpReceiverReport(0xA);
                pbxRtcp.send(back, session.localRtpPort(Side.A) + 1);
                // latched: the carrier's RTCP came from carrierRtcp, so the answer goes there
                assertThat(carrierRtcp.receive().data()).isEqualTo(back);
            }
        }
        assertThat(session.close().b().received().rtcpPackets()).isEqualTo(1);
    }

    @Test
    void holdWithZeroAddressStopsMediaToTheHoldingLegAndResumeRestartsIt() {
        connect();
        session.offer(Side.A, Sdps.audio("127.0.0.1", pbx.port(), "a=sendonly").replace("c=IN IP4 127.0.0.1", "c=IN IP4 0.0.0.0"));
        session.answer(Side.B, Sdps.audio("127.0.0.1", carrier.port(), "a=recvonly"));
        carrier.send(pcmu(1, 0xB), session.localRtpPort(Side.B));
        await().until(() -> events.drops(DropReason.NO_DESTINATION) == 1);

        SdpResult resume = session.offer(Side.A, Sdps.audio("127.0.0.1", pbx.port(), "a=sendrecv"));
        assertThat(((SdpResult.Rewritten) resume).sdp()).contains("c=IN IP4 127.0.0.1", "a=sendrecv");
        session.answer(Side.B, Sdps.audio("127.0.0.1", carrier.port()));
        carrier.send(pcmu(2, 0xB), session.localRtpPort(Side.B));
        assertThat(pbx.receive().sequence()).isEqualTo(2);
    }

    @Test
    void reOfferWithANewPortMovesTheMedia() {
        connect();
        try (RtpPeer moved = new RtpPeer()) {
            session.offer(Side.B, Sdps.audio("127.0.0.1", moved.port()));
            session.answer(Side.A, Sdps.audio("127.0.0.1", pbx.port()));
            pbx.send(pcmu(7, 0xA), session.localRtpPort(Side.A));
            assertThat(moved.receive().sequence()).isEqualTo(7);
        }
    }

    @Test
    void malformedPacketsAreCountedAndDroppedAndTheStreamGoesOn() {
        connect();
        pbx.send(new byte[] {(byte) 0x80, 0, 1}, session.localRtpPort(Side.A)); // too short
        pbx.send(new byte[] {0x40, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1}, session.localRtpPort(Side.A)); // version 1
        pbx.send(new byte[] {(byte) 0x8f, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1}, session.localRtpPort(Side.A)); // 15 CSRCs missing
        pbx.send(new byte[0], session.localRtpPort(Side.A));
        pbx.send(new byte[] {(byte) 0x80, 0, 0}, session.localRtpPort(Side.A) + 1); // short RTCP
        pbx.send(pcmu(9, 0xA), session.localRtpPort(Side.A));
        assertThat(carrier.receive().sequence()).isEqualTo(9);
        await().until(() -> events.drops(DropReason.MALFORMED) == 5);
        assertThat(session.close().a().dropped()).isEqualTo(5);
    }

    @Test
    void statisticsAreExactForACraftedSequenceThroughTheRelay() {
        connect();
        int[] sequence = {65533, 65534, 65535, 1, 0, 0, 3, 4};
        for (int s : sequence) {
            pbx.send(pcmu(s, 0xA), session.localRtpPort(Side.A));
        }
        for (int s : sequence) {
            assertThat(carrier.receive().sequence()).isEqualTo(s);
        }
        StreamStats a = session.close().a().received();
        assertThat(a.packets()).isEqualTo(8);
        assertThat(a.duplicates()).isEqualTo(1);
        assertThat(a.outOfOrder()).isEqualTo(1);
        assertThat(a.lost()).isEqualTo(1); // 2
        assertThat(a.ssrcChanges()).isZero();
        assertThat(a.mos()).isBetween(1.0, 4.5);
    }

    @Test
    void closeIsIdempotentAndLaterSdpIsRejected() {
        connect();
        MediaStats first = session.close();
        assertThat(session.close()).isSameAs(first);
        assertThat(session.isClosed()).isTrue();
        assertThat(session.offer(Side.A, Sdps.audio("127.0.0.1", pbx.port())))
                .isEqualTo(new SdpResult.Rejected("media: session call-1 is closed"));
        assertThat(relay.activeSessions()).isZero();
        assertThat(relay.portsInUse()).isZero();
    }

    @Test
    void malformedSdpAndAnswerWithoutOfferAreRejectedWithoutChangingTheSession() {
        assertThat(session.offer(Side.A, "v=0\r\nnonsense\r\n")).isInstanceOf(SdpResult.Rejected.class);
        assertThat(session.answer(Side.B, Sdps.audio("127.0.0.1", carrier.port())))
                .isEqualTo(new SdpResult.Rejected("sdp: answer from leg B (expected: an offer from leg A first)"));
        session.offer(Side.A, Sdps.audio("127.0.0.1", pbx.port()) + "m=video 5000 RTP/AVP 96\r\n");
        SdpResult answer = session.answer(Side.B, Sdps.audio("127.0.0.1", carrier.port()));
        assertThat(((SdpResult.Rejected) answer).reason()).contains("answer has 1 m= lines (expected: 2");
    }
}
