package io.softswitch.media.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.softswitch.media.SrtpSuite;
import io.softswitch.media.testing.LibSrtp;
import io.softswitch.media.testing.RtpPeer;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.softswitch.media.internal.srtp.SrtpWarmUp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The TwiML media endpoint with SDES SRTP against libsrtp2 (Debian python3-pylibsrtp) as the
 * phone: what the endpoint plays decrypts under the key of its answer, a digit the phone sends
 * under its own key is heard, and a forged or replayed packet is not.
 */
class EndpointSrtpTest {
    private static final int TELEPHONE_EVENT = 101;
    private static final Pattern INLINE = Pattern.compile("^a=crypto:(\\d+) (\\S+) inline:(\\S+)$");
    private final MediaEndpoints endpoints = new MediaEndpoints(InetAddress.getLoopbackAddress());
    private final RtpPeer phone = new RtpPeer();
    private final LibSrtp libsrtp = new LibSrtp();
    private final List<Character> heard = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void warmUp() {
        SrtpWarmUp.start();
        assertThat(SrtpWarmUp.await(Duration.ofSeconds(60))).as("SRTP warm-up").isTrue();
    }

    @AfterEach
    void close() {
        libsrtp.close();
        phone.close();
        endpoints.close();
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void playedAudioDecryptsUnderTheAnswersKeyAndTheEncryptedPayloadIsNotPlain(SrtpSuite suite) throws Exception {
        byte[] phoneKey = key(suite);
        EndpointSrtp srtp = EndpointSrtp.answer(List.of(
                "a=crypto:7 " + suite.sdpName() + " inline:" + Base64.getEncoder().encodeToString(phoneKey)));
        assertThat(srtp).isNotNull();
        Matcher m = INLINE.matcher(srtp.answerLine());
        assertThat(m.matches()).as(srtp.answerLine()).isTrue();
        assertThat(m.group(1)).as("the answer echoes the offer's tag").isEqualTo("7");
        assertThat(m.group(2)).isEqualTo(suite.sdpName());
        byte[] ourKey = Base64.getDecoder().decode(m.group(3));
        assertThat(ourKey).hasSize(suite.keyMaterialLength()).isNotEqualTo(phoneKey);
        assertThat(srtp.toString()).doesNotContain(m.group(3));

        MediaEndpoint e = open(srtp);
        e.play(MediaEndpointTest.tone(440, 8000), () -> { });
        for (int i = 0; i < 10; i++) {
            byte[] wire = phone.receive().data();
            assertThat(wire.length).isEqualTo(12 + 160 + suite.rtpTagLength());
            byte[] plain = libsrtp.unprotect(suite, ourKey, false, wire);
            assertThat(plain).as("packet %s decrypts under the answer's key", i).isNotNull().hasSize(12 + 160);
            assertThat(Arrays.equals(wire, 12, 172, plain, 12, 172)).as("payload encrypted").isFalse();
            short[] pcm = new short[160];
            for (int j = 0; j < 160; j++) {
                pcm[j] = Codec.PCMU.decode(plain[12 + j]);
            }
            if (i > 0) { // the first frame may start anywhere in the tone
                assertThat(rms(pcm)).as("the tone, decoded").isBetween(6000.0, 8000.0);
            }
        }
        e.close();
    }

    @Test
    void aDigitUnderThePhonesKeyIsHeardAndForgedOrReplayedPacketsAreNot() throws Exception {
        SrtpSuite suite = SrtpSuite.AES_CM_128_HMAC_SHA1_80;
        byte[] phoneKey = key(suite);
        EndpointSrtp srtp = EndpointSrtp.answer(List.of("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
                + Base64.getEncoder().encodeToString(phoneKey)));
        MediaEndpoint e = open(srtp);
        int port = e.localAddress().getPort();
        // A forged end packet for digit 5 (last tag byte flipped): dropped, no digit.
        byte[] forged = libsrtp.protect(suite, phoneKey, false, event(1, 0, 5, true, 160));
        forged[forged.length - 1] ^= 1;
        phone.send(forged, port);
        // A plain (unencrypted) end packet for digit 6: no tag, dropped.
        phone.send(event(2, 160, 6, true, 160), port);
        // Digit 9 under the phone's key: heard once, its replay is not heard again.
        byte[] nine = libsrtp.protect(suite, phoneKey, false, event(3, 320, 9, true, 160));
        phone.send(nine, port);
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 1);
        phone.send(nine, port);
        byte[] seven = libsrtp.protect(suite, phoneKey, false, event(4, 480, 7, true, 160));
        phone.send(seven, port);
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() >= 2);
        assertThat(heard).containsExactly('9', '7');
        e.close();
    }

    private MediaEndpoint open(EndpointSrtp srtp) throws Exception {
        MediaEndpoint e = endpoints.open(Codec.PCMU, TELEPHONE_EVENT, new EndpointListener() {
            @Override
            public void digit(char digit) {
                heard.add(digit);
            }
        }, srtp);
        e.remote(phone.address());
        return e;
    }

    private static byte[] key(SrtpSuite suite) {
        byte[] k = new byte[suite.keyMaterialLength()];
        new SecureRandom().nextBytes(k);
        return k;
    }

    private static double rms(short[] s) {
        double sum = 0;
        for (short v : s) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum / s.length);
    }

    private static byte[] event(int seq, long ts, int event, boolean end, int duration) {
        return ByteBuffer.allocate(16).put((byte) 0x80).put((byte) TELEPHONE_EVENT).putShort((short) seq)
                .putInt((int) ts).putInt(7).put((byte) event).put((byte) ((end ? 0x80 : 0) | 10))
                .putShort((short) duration).array();
    }
}
