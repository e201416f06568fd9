package io.softswitch.media.internal.srtp;

import com.sun.management.ThreadMXBean;
import io.softswitch.media.SrtpSuite;
import io.softswitch.media.testing.RtpPeer;
import java.lang.management.ManagementFactory;
import java.util.logging.Level;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * CPU and allocation of one SRTP protect + unprotect of a 172-byte RTP packet (AES_CM_128_HMAC_SHA1_80),
 * with {@code sessions} contexts used round robin as in the relay: jitsi-srtp's SrtpCryptoContext
 * against our AesCmRtpContext, alternating rounds in one JVM (bench/media/RESULTS.md).
 *
 * <p>{@code java -cp ... io.softswitch.media.internal.srtp.SrtpCostBench [sessions=250] [rounds=6] [seconds=3]}
 */
public final class SrtpCostBench {
    private interface Pair {
        void roundTrip(PacketBuffer p) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 250;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 3;
        SrtpWarmUp.await(java.time.Duration.ofSeconds(60));
        SrtpSuite suite = SrtpSuite.AES_CM_128_HMAC_SHA1_80;
        Pair[] jitsi = new Pair[sessions];
        Pair[] ours = new Pair[sessions];
        int[] ssrcs = new int[sessions];
        for (int i = 0; i < sessions; i++) {
            SdesCrypto key = SdesCrypto.generate(1, suite);
            int ssrc = 0x1000 + i;
            ssrcs[i] = ssrc;
            SrtpCryptoContext jp = factory(key, true).deriveContext(ssrc, 0);
            SrtpCryptoContext ju = factory(key, false).deriveContext(ssrc, 0);
            jitsi[i] = p -> check(jp.transformPacket(p) == SrtpErrorStatus.OK && ju.reverseTransformPacket(p, false)
                    == SrtpErrorStatus.OK);
            AesCmRtpContext op = new AesCmRtpContext(true, key.masterKey(), key.masterSalt(), 10, 2048 + 64);
            AesCmRtpContext ou = new AesCmRtpContext(false, key.masterKey(), key.masterSalt(), 10, 2048 + 64);
            ours[i] = p -> check(op.protect(p) == SrtpStream.Result.OK && ou.unprotect(p) == SrtpStream.Result.OK);
        }
        PacketBuffer p = new PacketBuffer(2048);
        byte[] plain = RtpPeer.pcmu(0, 0);
        // one sequence per implementation: a jump of more than 2^15 would read as a step back (RFC 3711 section 3.3.1)
        int[][] seqs = {new int[sessions], new int[sessions]};
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int round = 0; round < rounds; round++) {
            for (String name : new String[] {"jitsi-srtp", "ours"}) {
                Pair[] pairs = name.equals("ours") ? ours : jitsi;
                int[] seq = seqs[name.equals("ours") ? 1 : 0];
                long deadline = System.nanoTime() + (long) (seconds * 1e9);
                long cpu0 = mx.getCurrentThreadCpuTime();
                long alloc0 = mx.getCurrentThreadAllocatedBytes();
                long n = 0;
                while (System.nanoTime() < deadline) {
                    for (int i = 0; i < sessions; i++) {
                        System.arraycopy(plain, 0, p.getBuffer(), 0, plain.length);
                        int s = seq[i]++;
                        p.getBuffer()[2] = (byte) (s >>> 8);
                        p.getBuffer()[3] = (byte) s;
                        p.getBuffer()[8] = (byte) (ssrcs[i] >>> 24);
                        p.getBuffer()[9] = (byte) (ssrcs[i] >>> 16);
                        p.getBuffer()[10] = (byte) (ssrcs[i] >>> 8);
                        p.getBuffer()[11] = (byte) ssrcs[i];
                        p.setOffset(0);
                        p.setLength(plain.length);
                        pairs[i].roundTrip(p);
                    }
                    n += sessions;
                }
                long cpu = mx.getCurrentThreadCpuTime() - cpu0;
                long alloc = mx.getCurrentThreadAllocatedBytes() - alloc0;
                System.out.printf("round=%d impl=%s sessions=%d packets=%d cpu_ns_per_protect_unprotect=%.0f"
                        + " alloc_bytes=%.0f%n", round, name, sessions, n, (double) cpu / n, (double) alloc / n);
            }
        }
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new IllegalStateException("round trip failed");
        }
    }

    private static SrtpContextFactory factory(SdesCrypto key, boolean sender) {
        return new SrtpContextFactory(sender, key.masterKey(), key.masterSalt(), SrtpStream.policy(key.suite(), false),
                SrtpStream.policy(key.suite(), true), new LoggerImpl("bench", Level.OFF));
    }
}
