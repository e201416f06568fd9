package io.softswitch.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.softswitch.media.internal.srtp.SrtpWarmUp;
import io.softswitch.media.testing.LibSrtp;
import io.softswitch.media.testing.RecordingEvents;
import io.softswitch.media.testing.RtpPeer;
import io.softswitch.media.testing.Sdps;
import io.softswitch.media.testing.TestRelays;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SRTP translation per leg on real sockets, with libsrtp2 (python3-pylibsrtp) as the SRTP
 * endpoint's implementation: the PBX leg speaks SRTP with SDES keys, the carrier leg plain RTP or
 * SRTP as its {@link MediaEncryption} says. Forged and replayed packets are dropped and counted.
 */
class SrtpRelayTest {
    private static final Pattern CRYPTO = Pattern.compile("a=crypto:(\\d+) (\\S+) inline:(\\S+)");
    private static LibSrtp libsrtp;

    private final RecordingEvents events = new RecordingEvents();
    private final RtpPeer pbx = new RtpPeer();
    private final RtpPeer carrier = new RtpPeer();
    private MediaRelay relay;

    @BeforeAll
    static void oracle() {
        libsrtp = new LibSrtp();
        assertThat(SrtpWarmUp.await(Duration.ofSeconds(60))).as("SRTP warm-up").isTrue();
    }

    @AfterAll
    static void stopOracle() {
        libsrtp.close();
    }

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.close();
        }
        pbx.close();
        carrier.close();
    }

    private MediaSession session(MediaEncryption a, MediaEncryption b) throws Exception {
        relay = MediaRelay.start(TestRelays.loopback(100), events);
        return relay.createSession("srtp-call", new SessionOptions(LatchingMode.SIGNALLED_IP,
                LatchingMode.SIGNALLED_IP, a, b), events);
    }

    private static byte[] key(SrtpSuite suite, int seed) {
        byte[] k = new byte[suite.keyMaterialLength()];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (seed * 31 + i);
        }
        return k;
    }

    /** SRTP audio from {@code port}, RTCP on the same socket (a=rtcp) so the peer hears both. */
    private static String srtpAudio(int port, String... crypto) {
        return plainAudio(port, crypto).replace("RTP/AVP", "RTP/SAVP");
    }

    private static String plainAudio(int port, String... extra) {
        String[] lines = Arrays.copyOf(extra, extra.length + 1);
        lines[extra.length] = "a=rtcp:" + port;
        return Sdps.audio("127.0.0.1", port, lines);
    }

    private static String cryptoLine(int tag, SrtpSuite suite, byte[] key) {
        return "a=crypto:" + tag + " " + suite.sdpName() + " inline:" + Base64.getEncoder().encodeToString(key);
    }

    private static String sdp(SdpResult result) {
        assertThat(result).isInstanceOf(SdpResult.Rewritten.class);
        return ((SdpResult.Rewritten) result).sdp();
    }

    private record Crypto(int tag, SrtpSuite suite, byte[] key) {
    }

    private static List<Crypto> cryptos(String sdp) {
        Matcher m = CRYPTO.matcher(sdp);
        java.util.ArrayList<Crypto> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(new Crypto(Integer.parseInt(m.group(1)), SrtpSuite.ofSdpName(m.group(2)).orElseThrow(),
                    Base64.getDecoder().decode(m.group(3))));
        }
        return out;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static byte[] payload(byte[] rtp) {
        return Arrays.copyOfRange(rtp, 12, rtp.length);
    }

    private static void assertNothingArrives(RtpPeer peer) throws Exception {
        try {
            RtpPeer.Received r = peer.receive();
            throw new AssertionError("unexpected datagram of " + r.data().length + " bytes");
        } catch (AssertionError e) {
            if (!(e.getMessage() != null && e.getMessage().startsWith("no datagram"))) {
                throw e;
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void srtpPbxLegIsTranslatedToPlainCarrierLegBothWays(SrtpSuite suite) throws Exception {
        MediaSession session = session(MediaEncryption.NONE, MediaEncryption.NONE);
        byte[] pbxKey = key(suite, 1);
        String toCarrier = sdp(session.offer(Side.A, srtpAudio(pbx.port(), cryptoLine(5, suite, pbxKey))));
        assertThat(toCarrier).contains(" RTP/AVP 0 101").doesNotContain("a=crypto").doesNotContain("SAVP");
        String toPbx = sdp(session.answer(Side.B, plainAudio(carrier.port())));
        assertThat(toPbx).contains("m=audio " + session.localRtpPort(Side.A) + " RTP/SAVP 0 101");
        List<Crypto> answer = cryptos(toPbx);
        assertThat(answer).hasSize(1);
        assertThat(answer.get(0).tag()).isEqualTo(5);
        assertThat(answer.get(0).suite()).isEqualTo(suite);
        assertThat(answer.get(0).key()).isNotEqualTo(pbxKey);
        byte[] relayKey = answer.get(0).key();

        for (int seq = 1; seq <= 5; seq++) {
            byte[] plain = RtpPeer.pcmu(seq, 0x1111);
            pbx.send(libsrtp.protect(suite, pbxKey, false, plain), session.localRtpPort(Side.A));
            assertThat(carrier.receive().data()).isEqualTo(plain);

            byte[] back = RtpPeer.pcmu(100 + seq, 0x2222);
            carrier.send(back, session.localRtpPort(Side.B));
            byte[] onPbxLeg = pbx.receive().data();
            assertThat(onPbxLeg).hasSize(back.length + suite.rtpTagLength());
            assertThat(contains(onPbxLeg, payload(back))).as("plain payload on the PBX leg").isFalse();
            assertThat(libsrtp.unprotect(suite, relayKey, false, onPbxLeg)).isEqualTo(back);
        }

        // SRTCP both ways: per-leg RTCP statistics keep working on the encrypted leg.
        byte[] report = RtpPeer.rtcpReceiverReport(0x1111);
        pbx.send(libsrtp.protect(suite, pbxKey, true, report), session.localRtpPort(Side.A) + 1);
        assertThat(carrier.receive().data()).isEqualTo(report);
        carrier.send(RtpPeer.rtcpReceiverReport(0x2222), session.localRtpPort(Side.B) + 1);
        byte[] srtcp = pbx.receive().data();
        assertThat(srtcp).hasSize(8 + suite.rtcpOverhead());
        assertThat(libsrtp.unprotect(suite, relayKey, true, srtcp)).isEqualTo(RtpPeer.rtcpReceiverReport(0x2222));

        MediaStats stats = session.close();
        assertThat(stats.a().srtp()).isEqualTo(suite);
        assertThat(stats.b().encrypted()).isFalse();
        assertThat(stats.a().received().packets()).isEqualTo(5);
        assertThat(stats.a().received().lost()).isZero();
        assertThat(stats.a().received().rtcpPackets()).isEqualTo(1);
        assertThat(stats.b().received().rtcpPackets()).isEqualTo(1);
    }

    @Test
    void forgedAndReplayedPacketsAreDroppedCountedAndNotForwarded() throws Exception {
        SrtpSuite suite = SrtpSuite.AES_CM_128_HMAC_SHA1_80;
        MediaSession session = session(MediaEncryption.NONE, MediaEncryption.NONE);
        byte[] pbxKey = key(suite, 2);
        session.offer(Side.A, srtpAudio(pbx.port(), cryptoLine(1, suite, pbxKey)));
        session.answer(Side.B, plainAudio(carrier.port()));
        int port = session.localRtpPort(Side.A);

        byte[] first = libsrtp.protect(suite, pbxKey, false, RtpPeer.pcmu(1, 0x1111));
        pbx.send(first, port);
        assertThat(carrier.receive().sequence()).isEqualTo(1);

        byte[] forged = libsrtp.protect(suite, pbxKey, false, RtpPeer.pcmu(2, 0x1111));
        forged[20] ^= 0x01; // one payload bit
        pbx.send(forged, port);
        byte[] wrongKey = libsrtp.protect(suite, key(suite, 9), false, RtpPeer.pcmu(3, 0x1111));
        pbx.send(wrongKey, port);
        pbx.send(first, port); // replay
        await().until(() -> events.drops(DropReason.SRTP_AUTH) == 2 && events.drops(DropReason.SRTP_REPLAY) == 1);

        byte[] next = libsrtp.protect(suite, pbxKey, false, RtpPeer.pcmu(4, 0x1111));
        pbx.send(next, port);
        assertThat(carrier.receive().sequence()).as("the next datagram after the bad ones").isEqualTo(4);

        // SRTCP too: a forged compound packet is not forwarded.
        byte[] srtcp = libsrtp.protect(suite, pbxKey, true, RtpPeer.rtcpReceiverReport(0x1111));
        srtcp[9] ^= 0x40;
        pbx.send(srtcp, port + 1);
        await().until(() -> events.drops(DropReason.SRTP_AUTH) == 3);
        assertNothingArrives(carrier);
        assertThat(session.close().a().dropped()).isEqualTo(4);
    }

    @Test
    void sdesCarrierGetsOurKeysForEverySuiteAndItsChoiceIsUsed() throws Exception {
        MediaSession session = session(MediaEncryption.NONE, MediaEncryption.SDES);
        String toCarrier = sdp(session.offer(Side.A, plainAudio(pbx.port())));
        assertThat(toCarrier).contains(" RTP/SAVP 0 101");
        List<Crypto> offered = cryptos(toCarrier);
        assertThat(offered).extracting(Crypto::suite).containsExactly(SrtpSuite.values());
        assertThat(offered).extracting(Crypto::tag).containsExactly(1, 2, 3);

        SrtpSuite chosen = SrtpSuite.AES_CM_128_HMAC_SHA1_32;
        Crypto ours = offered.get(1);
        byte[] carrierKey = key(chosen, 3);
        String toPbx = sdp(session.answer(Side.B, srtpAudio(carrier.port(), cryptoLine(2, chosen, carrierKey))));
        assertThat(toPbx).contains(" RTP/AVP 0 101").doesNotContain("a=crypto");

        byte[] plain = RtpPeer.pcmu(7, 0x3333);
        pbx.send(plain, session.localRtpPort(Side.A));
        byte[] onCarrierLeg = carrier.receive().data();
        assertThat(contains(onCarrierLeg, payload(plain))).isFalse();
        assertThat(libsrtp.unprotect(chosen, ours.key(), false, onCarrierLeg)).isEqualTo(plain);

        byte[] back = RtpPeer.pcmu(9, 0x4444);
        carrier.send(libsrtp.protect(chosen, carrierKey, false, back), session.localRtpPort(Side.B));
        assertThat(pbx.receive().data()).isEqualTo(back);
        assertThat(session.close().b().srtp()).isEqualTo(chosen);
    }

    @Test
    void srtpOnBothLegsReencryptsWithEachLegsKey() throws Exception {
        SrtpSuite suite = SrtpSuite.AEAD_AES_128_GCM;
        MediaSession session = session(MediaEncryption.SDES, MediaEncryption.SDES);
        byte[] pbxKey = key(suite, 4);
        String toCarrier = sdp(session.offer(Side.A, srtpAudio(pbx.port(), cryptoLine(1, suite, pbxKey))));
        Crypto offeredGcm = cryptos(toCarrier).get(2);
        assertThat(offeredGcm.key()).isNotEqualTo(pbxKey);
        byte[] carrierKey = key(suite, 5);
        sdp(session.answer(Side.B, srtpAudio(carrier.port(), cryptoLine(3, suite, carrierKey))));

        byte[] plain = RtpPeer.pcmu(11, 0x5555);
        pbx.send(libsrtp.protect(suite, pbxKey, false, plain), session.localRtpPort(Side.A));
        assertThat(libsrtp.unprotect(suite, offeredGcm.key(), false, carrier.receive().data())).isEqualTo(plain);
    }

    @Test
    void sdpThatCannotBeSecuredIsRejected() throws Exception {
        MediaSession session = session(MediaEncryption.SDES, MediaEncryption.NONE);
        assertThat(session.offer(Side.A, plainAudio(pbx.port())))
                .isInstanceOfSatisfying(SdpResult.Rejected.class,
                        r -> assertThat(r.reason()).contains("SRTP is mandatory"));
        byte[] key = key(SrtpSuite.AES_CM_128_HMAC_SHA1_80, 6);
        String mki = "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + Base64.getEncoder().encodeToString(key) + "|2^20|1:4";
        assertThat(session.offer(Side.A, srtpAudio(pbx.port(), mki)))
                .isInstanceOfSatisfying(SdpResult.Rejected.class, r -> assertThat(r.reason()).contains("MKI")
                        .doesNotContain(Base64.getEncoder().encodeToString(key)));
        assertThat(session.offer(Side.A, srtpAudio(pbx.port(), "a=crypto:1 F8_128_HMAC_SHA1_80 inline:AAAA")))
                .isInstanceOf(SdpResult.Rejected.class);
        assertThat(session.offer(Side.A, srtpAudio(pbx.port())))
                .isInstanceOf(SdpResult.Rejected.class);

        MediaSession toSecureCarrier = relay.createSession("second", new SessionOptions(LatchingMode.SIGNALLED_IP,
                LatchingMode.SIGNALLED_IP, MediaEncryption.NONE, MediaEncryption.SDES), events);
        sdp(toSecureCarrier.offer(Side.A, plainAudio(pbx.port())));
        assertThat(toSecureCarrier.answer(Side.B, plainAudio(carrier.port())))
                .as("plain answer to an SRTP offer").isInstanceOf(SdpResult.Rejected.class);
        String wrongTag = cryptoLine(9, SrtpSuite.AES_CM_128_HMAC_SHA1_80, key);
        assertThat(toSecureCarrier.answer(Side.B, srtpAudio(carrier.port(), wrongTag)))
                .isInstanceOf(SdpResult.Rejected.class);
    }

    @Test
    void plainSessionsAreUntouched() throws Exception {
        MediaSession session = session(MediaEncryption.NONE, MediaEncryption.NONE);
        String toCarrier = sdp(session.offer(Side.A, plainAudio(pbx.port())));
        assertThat(toCarrier).contains(" RTP/AVP 0 101").doesNotContain("crypto");
        sdp(session.answer(Side.B, plainAudio(carrier.port())));
        byte[] plain = ByteBuffer.wrap(RtpPeer.pcmu(1, 1)).array();
        pbx.send(plain, session.localRtpPort(Side.A));
        assertThat(carrier.receive().data()).isEqualTo(plain);
        assertThat(session.close().a().encrypted()).isFalse();
    }
}
