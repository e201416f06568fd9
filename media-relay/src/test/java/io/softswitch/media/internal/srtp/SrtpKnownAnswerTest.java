package io.softswitch.media.internal.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.media.SrtpSuite;
import io.softswitch.media.testing.LibSrtp;
import io.softswitch.media.testing.RtpPeer;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Known answers from libsrtp2 (python3-pylibsrtp): for the same key, our SRTP and SRTCP output is
 * byte-identical to libsrtp's, and libsrtp's output unprotects to the original with ours. The
 * stream crosses a sequence number wrap (rollover counter 0 -> 1, RFC 3711 section 3.3.1).
 */
class SrtpKnownAnswerTest {
    private static LibSrtp libsrtp;

    @BeforeAll
    static void startOracle() {
        libsrtp = new LibSrtp();
    }

    @AfterAll
    static void stopOracle() {
        libsrtp.close();
    }

    private static byte[] key(SrtpSuite suite, int seed) {
        byte[] k = new byte[suite.keyMaterialLength()];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (seed + i * 7);
        }
        return k;
    }

    /** An RTCP sender report (RFC 3550 section 6.4.1) without report blocks: 28 bytes. */
    private static byte[] senderReport(int ssrc, int packets) {
        return ByteBuffer.allocate(28).put((byte) 0x80).put((byte) 200).putShort((short) 6).putInt(ssrc)
                .putLong(0xE0000000_00000000L + packets).putInt(packets * 160).putInt(packets).putInt(packets * 160)
                .array();
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void protectedRtpAndRtcpAreByteIdenticalToLibsrtp(SrtpSuite suite) {
        byte[] key = key(suite, 3);
        int ssrc = 0x5EC0_0001;
        SrtpStream ours = SrtpStream.protect(new SdesCrypto(1, suite, key));
        for (int seq = 65_530; seq < 65_545; seq++) {
            byte[] plain = RtpPeer.pcmu(seq & 0xFFFF, ssrc);
            byte[] mine = SrtpTranslator.transform(plain, false, ssrc, ours);
            byte[] theirs = libsrtp.protect(suite, key, false, plain);
            assertThat(mine).as("%s seq %d", suite, seq).isEqualTo(theirs);
            assertThat(mine.length).isEqualTo(plain.length + suite.rtpTagLength());
        }
        // SRTCP index: jitsi-srtp starts at 0, libsrtp at 1 (RFC 3711 section 3.4 fixes neither). Our
        // first packet (index 0) must still verify with libsrtp; from index 1 on the bytes are equal.
        byte[] first = SrtpTranslator.transform(senderReport(ssrc, 0), true, ssrc, ours);
        assertThat(libsrtp.unprotect(suite, key, true, first)).isEqualTo(senderReport(ssrc, 0));
        for (int i = 1; i <= 3; i++) {
            byte[] plain = senderReport(ssrc, i);
            byte[] mine = SrtpTranslator.transform(plain, true, ssrc, ours);
            assertThat(mine).as("%s SRTCP %d", suite, i).isEqualTo(libsrtp.protect(suite, key, true, plain));
            assertThat(mine.length).isEqualTo(plain.length + suite.rtcpOverhead());
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void libsrtpOutputUnprotectsToTheOriginal(SrtpSuite suite) {
        byte[] key = key(suite, 101);
        int ssrc = 0x0BAD_CAFE;
        SrtpStream ours = SrtpStream.unprotect(new SdesCrypto(7, suite, key));
        for (int seq = 65_533; seq < 65_540; seq++) {
            byte[] plain = RtpPeer.pcmu(seq & 0xFFFF, ssrc);
            byte[] srtp = libsrtp.protect(suite, key, false, plain);
            assertThat(SrtpTranslator.transform(srtp, false, ssrc, ours)).isEqualTo(plain);
        }
        byte[] rr = RtpPeer.rtcpReceiverReport(ssrc);
        assertThat(SrtpTranslator.transform(libsrtp.protect(suite, key, true, rr), true, ssrc, ours)).isEqualTo(rr);
        byte[] report = senderReport(ssrc, 9);
        byte[] srtcp = libsrtp.protect(suite, key, true, report);
        assertThat(SrtpTranslator.transform(srtcp, true, ssrc, ours)).isEqualTo(report);
    }
}
