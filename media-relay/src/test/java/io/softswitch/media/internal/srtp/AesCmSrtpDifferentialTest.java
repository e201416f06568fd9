package io.softswitch.media.internal.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.media.SrtpSuite;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.logging.Level;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.LoggerImpl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our AES-CM RTP context against jitsi-srtp's SrtpCryptoContext (the reference it replaces) on the
 * same random streams: the same verdict (accepted, replayed, forged, malformed) and the same bytes
 * for every packet, through sequence number wraps (rollover counter), reordering, duplicates,
 * packets older than the replay window, forged tags, truncated packets, CSRCs and header extensions.
 */
class AesCmSrtpDifferentialTest {
    private static final int MAX = 2048;

    private static byte[] rtp(Random random, int seq, int ssrc) {
        int csrcs = random.nextInt(8) == 0 ? random.nextInt(3) : 0;
        int extWords = random.nextInt(8) == 0 ? random.nextInt(3) : -1;
        int payload = random.nextInt(6) == 0 ? random.nextInt(40) : 160;
        ByteBuffer b = ByteBuffer.allocate(12 + 4 * csrcs + (extWords >= 0 ? 4 + 4 * extWords : 0) + payload);
        b.put((byte) (0x80 | (extWords >= 0 ? 0x10 : 0) | csrcs)).put((byte) 0).putShort((short) seq)
                .putInt(seq * 160).putInt(ssrc);
        for (int i = 0; i < csrcs; i++) {
            b.putInt(random.nextInt());
        }
        if (extWords >= 0) {
            b.putShort((short) 0xBEDE).putShort((short) extWords);
            for (int i = 0; i < extWords; i++) {
                b.putInt(random.nextInt());
            }
        }
        byte[] p = new byte[payload];
        random.nextBytes(p);
        return b.put(p).array();
    }

    /** Sequence numbers in the order a peer may send them: mostly forward, with wraps, jumps, reordering, repeats. */
    private static List<Integer> sequence(Random random, int start, int count) {
        List<Integer> seqs = new ArrayList<>();
        int seq = start;
        for (int i = 0; i < count; i++) {
            int r = random.nextInt(100);
            if (r < 70) {
                seq++;
            } else if (r < 80) {
                seq -= random.nextInt(70); // reordered, duplicate or older than the window
            } else if (r < 85) {
                seq += random.nextInt(40_000); // far jump: ROC guess territory
            } else if (r < 90) {
                seq -= random.nextInt(40_000);
            }
            seqs.add(seq & 0xFFFF);
        }
        return seqs;
    }

    private static PacketBuffer buffer(byte[] packet) {
        PacketBuffer b = new PacketBuffer(MAX);
        System.arraycopy(packet, 0, b.getBuffer(), 0, packet.length);
        b.setLength(packet.length);
        return b;
    }

    private static byte[] bytes(PacketBuffer b) {
        return java.util.Arrays.copyOfRange(b.getBuffer(), b.getOffset(), b.getOffset() + b.getLength());
    }

    private static SrtpStream.Result jitsi(SrtpCryptoContext context, PacketBuffer p, boolean sender) {
        try {
            SrtpErrorStatus s = sender ? context.transformPacket(p) : context.reverseTransformPacket(p, false);
            return switch (s) {
                case OK -> SrtpStream.Result.OK;
                case AUTH_FAIL -> SrtpStream.Result.AUTH_FAILED;
                case REPLAY_FAIL, REPLAY_OLD -> SrtpStream.Result.REPLAYED;
                default -> SrtpStream.Result.MALFORMED;
            };
        } catch (Exception e) {
            return SrtpStream.Result.MALFORMED;
        }
    }

    private static SrtpContextFactory factory(SdesCrypto key, boolean sender) {
        return new SrtpContextFactory(sender, key.masterKey(), key.masterSalt(), SrtpStream.policy(key.suite(), false),
                SrtpStream.policy(key.suite(), true), new LoggerImpl("test", Level.OFF));
    }

    @ParameterizedTest
    @EnumSource(value = SrtpSuite.class, names = {"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32"})
    void protectsLikeJitsiSrtp(SrtpSuite suite) throws Exception {
        for (int run = 0; run < 20; run++) {
            Random random = new Random(run);
            SdesCrypto key = SdesCrypto.generate(1, suite);
            int ssrc = random.nextInt();
            SrtpCryptoContext theirs = factory(key, true).deriveContext(ssrc, 0);
            AesCmRtpContext ours = new AesCmRtpContext(true, key.masterKey(), key.masterSalt(), suite.rtpTagLength(),
                    MAX + PacketBuffer.TAIL_ROOM);
            for (int seq : sequence(random, random.nextInt(65_536), 3000)) {
                byte[] plain = rtp(random, seq, ssrc);
                PacketBuffer a = buffer(plain);
                PacketBuffer b = buffer(plain);
                SrtpStream.Result expected = jitsi(theirs, a, true);
                assertThat(ours.protect(b)).as("run %d seq %d", run, seq).isEqualTo(expected);
                if (expected == SrtpStream.Result.OK) {
                    assertThat(bytes(b)).as("run %d seq %d", run, seq).isEqualTo(bytes(a));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = SrtpSuite.class, names = {"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32"})
    void unprotectsLikeJitsiSrtp(SrtpSuite suite) throws Exception {
        int accepted = 0;
        int replayed = 0;
        int forged = 0;
        for (int run = 0; run < 20; run++) {
            Random random = new Random(1000 + run);
            SdesCrypto key = SdesCrypto.generate(1, suite);
            int ssrc = random.nextInt();
            AesCmRtpContext sender = new AesCmRtpContext(true, key.masterKey(), key.masterSalt(), suite.rtpTagLength(),
                    MAX + PacketBuffer.TAIL_ROOM);
            SrtpCryptoContext theirs = factory(key, false).deriveContext(ssrc, 0);
            AesCmRtpContext ours = new AesCmRtpContext(false, key.masterKey(), key.masterSalt(), suite.rtpTagLength(),
                    MAX + PacketBuffer.TAIL_ROOM);
            // a stream sent in order (crossing wraps), delivered with reordering, duplicates and forgeries
            List<byte[]> sent = new ArrayList<>();
            int seq = random.nextInt(65_536);
            for (int i = 0; i < 3000; i++) {
                seq = random.nextInt(50) == 0 ? seq + random.nextInt(30_000) : seq + 1;
                PacketBuffer p = buffer(rtp(random, seq & 0xFFFF, ssrc));
                assertThat(sender.protect(p)).isEqualTo(SrtpStream.Result.OK);
                sent.add(bytes(p));
            }
            for (int i = 0; i < sent.size(); i++) {
                int r = random.nextInt(100);
                int pick = r < 80 ? i : r < 90 ? Math.max(0, i - random.nextInt(100)) : Math.min(sent.size() - 1,
                        i + random.nextInt(5));
                byte[] packet = sent.get(pick).clone();
                int mutation = random.nextInt(100);
                if (mutation < 5) {
                    packet[random.nextInt(packet.length)] ^= (byte) (1 << random.nextInt(8)); // forged
                } else if (mutation < 7) {
                    packet = java.util.Arrays.copyOf(packet, random.nextInt(packet.length)); // truncated
                } else if (mutation < 8) {
                    packet[2] = (byte) random.nextInt(); // forged sequence number
                }
                PacketBuffer a = buffer(packet);
                PacketBuffer b = buffer(packet);
                SrtpStream.Result expected = jitsi(theirs, a, false);
                assertThat(ours.unprotect(b)).as("run %d packet %d", run, i).isEqualTo(expected);
                switch (expected) {
                    case OK -> {
                        accepted++;
                        assertThat(bytes(b)).as("run %d packet %d", run, i).isEqualTo(bytes(a));
                    }
                    case REPLAYED -> replayed++;
                    case AUTH_FAILED -> forged++;
                    default -> { }
                }
            }
        }
        // the streams did exercise every verdict
        assertThat(accepted).isGreaterThan(10_000);
        assertThat(replayed).isGreaterThan(1000);
        assertThat(forged).isGreaterThan(1000);
    }
}
